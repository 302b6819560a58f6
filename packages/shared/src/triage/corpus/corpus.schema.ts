import { z } from 'zod';

import { TROUBLE_CATEGORY_CODES, URGENCY_LEVELS } from '../../category';
import { ZIntakeAnswers, ZIntakePerson } from '../../intake.schema';
import { KNOWN_WINDOW_SLUGS } from '../../windows';
import type { TTriageSignalCode } from '../triage.types';

/*
 * The triage evaluation corpus: realistic messages written from the source article and the windows
 * directory, each labelled with what a careful counselor would do. `npm run triage:eval` runs triage on
 * every message and compares. Files named `dev-*.json` are the split the rules may be tuned on;
 * `heldout-*.json` were committed before any rule change and are only ever measured.
 */

/** Every window slug a label may name: the directory's, including the crisis lines. */
export const CORPUS_WINDOW_SLUGS = KNOWN_WINDOW_SLUGS;

/** The triage signals a label may name (a subset of TRIAGE_SIGNAL_CODES). */
export const CORPUS_SIGNAL_CODES = [
  /** The person is in danger right now (someone outside, following them now, coming now). */
  'danger_now',
  /** A threat to kill, hurt, burn, or damage property. */
  'threat_to_life',
  /** Intimate images spread, or threatened to be spread (revenge porn, sextortion). */
  'intimate_images',
  /** Wanting to die, disappear, hurt oneself. */
  'self_harm',
  /** Money already paid / transferred / charged. */
  'money_paid',
  /** Password, card number, codes or personal details already entered or given. */
  'credentials_given',
  /** An app or program was installed, or a billing / warning screen will not go away. */
  'app_installed',
  /** Real papers from a court (特別送達, 訴状, 支払督促, small-claims summons…). */
  'court_papers',
  /** The well-known fake "court" notices (法務省管轄支局, 民事訴訟管理センター, 訴訟最終告知…). */
  'fake_court_notice',
  /** The person already called / replied to / contacted the other party. */
  'contacted_them',
] as const satisfies readonly TTriageSignalCode[];

/** Safety alert codes the result must carry (`self-harm` is also met by its child variant `self-harm-child`). */
export const CORPUS_ALERT_CODES = [
  'call-110-now',
  'self-harm',
  'court-papers',
  'fake-court-notice',
  'one-click-ware',
  'intimate-images',
] as const;

export const CORPUS_REGISTERS = [
  'casual',
  'polite',
  'child-hiragana',
  'child',
  'teen',
  'elderly',
  'parent',
  'english',
  'short',
  'long-mixed',
  'typos',
  'fullwidth',
] as const;

export const ZCorpusMessage = z.strictObject({
  /** Unique across the corpus, e.g. "dev-a-017". */
  id: z.string().regex(/^(dev|heldout)-[a-z]+-\d{3}$/),
  /** What the person typed in the description box, exactly as they would type it. */
  text: z.string().min(1).max(5000),
  register: z.enum(CORPUS_REGISTERS),
  /** Other form fields, usually absent (most people write and press send). */
  input: z
    .strictObject({
      category: z.enum(TROUBLE_CATEGORY_CODES).optional(),
      answers: ZIntakeAnswers.optional(),
      person: ZIntakePerson.optional(),
    })
    .optional(),
  /** Tokyo wall-clock time of sending, 'YYYY-MM-DDTHH:MM'; default a Wednesday 10:30. */
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .optional(),
  /** Who is writing: a child (18 or under), an adult, or not knowable from the message. */
  writer: z.enum(['child', 'adult', 'unknown']),
  /** Whom the trouble happened to, when that differs from the writer or is a child. */
  affected: z.enum(['self', 'child', 'adult']).default('self'),
  expect: z.strictObject({
    /** Every trouble category present (several when the message mixes troubles); ['other'] only if none fits. */
    categories: z.array(z.enum(TROUBLE_CATEGORY_CODES)).min(1),
    /** The lowest acceptable urgency. */
    urgencyAtLeast: z.enum(URGENCY_LEVELS),
    /** Windows a careful counselor would certainly name (keep to the one or two essential ones). */
    windowsRequired: z.array(z.enum(CORPUS_WINDOW_SLUGS)).default([]),
    /** Windows that would be wrong or harmful to name. */
    /** Groups of windows of which at least one must be named (e.g. [['yorisoi', 'inochi']]). */
    windowsAnyOf: z.array(z.array(z.enum(CORPUS_WINDOW_SLUGS)).min(2)).default([]),
    windowsForbidden: z.array(z.enum(CORPUS_WINDOW_SLUGS)).default([]),
    alerts: z.array(z.enum(CORPUS_ALERT_CODES)).default([]),
    signals: z.array(z.enum(CORPUS_SIGNAL_CODES)).default([]),
  }),
  /** Why these labels (the article's guidance, in a few words). */
  note: z.string().max(300).optional(),
});
export type TCorpusMessage = z.infer<typeof ZCorpusMessage>;
export type TCorpusMessageInput = z.input<typeof ZCorpusMessage>;

export const ZCorpusFile = z.array(ZCorpusMessage).min(1);
