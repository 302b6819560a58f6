import { z } from 'zod';
import { ZLocalized } from './category';
import { ZCaseStatus } from './case-status';
import { ZEvidenceFile } from './evidence-api.schema';
import { hasForbiddenControlCharacters, type TIntakeCustomReason } from './intake.schema';
import { ZPersonRequestPublic } from './person-requests';
import { ZTriageResult } from './triage/triage.types';

/** POST /intakes reply. The access code is shown once; only its hash is kept. */
export const ZIntakeReceipt = z.strictObject({
  receiptNumber: z.string(),
  accessCode: z.string(),
  triage: ZTriageResult,
});
export type TIntakeReceipt = z.infer<typeof ZIntakeReceipt>;

export const ZIntakeStatusRequest = z.strictObject({
  receiptNumber: z.string().trim().min(1).max(40),
  accessCode: z.string().trim().min(1).max(40),
});
export type TIntakeStatusRequest = z.infer<typeof ZIntakeStatusRequest>;

export const ZPublicMessage = z.strictObject({ at: z.iso.datetime(), body: z.string() });

export const MAX_PERSON_REPLY_LENGTH = 4000;

/** The person's answer from the status page: the same pair as a status look-up, and their text. */
export const ZPersonReply = ZIntakeStatusRequest.extend({
  body: z
    .string()
    .trim()
    .min(1)
    .max(MAX_PERSON_REPLY_LENGTH)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' satisfies TIntakeCustomReason },
    }),
});
export type TPersonReply = z.infer<typeof ZPersonReply>;

export const CONVERSATION_AUTHORS = ['desk', 'person'] as const;

/** One line of the conversation on the status page: the desk's public message or the person's reply. */
export const ZConversationEntry = z.strictObject({
  at: z.iso.datetime(),
  from: z.enum(CONVERSATION_AUTHORS),
  body: z.string(),
});
export type TConversationEntry = z.infer<typeof ZConversationEntry>;

/** Furigana on the pages a child reads (receipt, status) up to this age: primary and lower secondary school. */
export const FURIGANA_MAX_AGE = 15;

export const ZIntakeStatus = z.strictObject({
  receiptNumber: z.string(),
  status: ZCaseStatus,
  statusLabel: ZLocalized,
  lastUpdatedAt: z.iso.datetime(),
  /** The desk's public messages, oldest first. */
  messages: z.array(ZPublicMessage),
  /** The desk's public messages and the person's replies, oldest first. */
  conversation: z.array(ZConversationEntry),
  /** False once the case is closed: the person starts a new consultation instead. */
  canReply: z.boolean(),
  /**
   * The affected person is 15 or younger and consulted themselves (no parent or teacher on their behalf): the
   * status page shows furigana over its kanji, as the receipt did. Nothing more about the person is returned.
   */
  readingAid: z.boolean(),
  /**
   * The evidence files the person sent (at intake or later), oldest first, each with the SHA-256 of the bytes the
   * desk received: the person can check later that a window was given exactly their file.
   */
  files: z.array(
    z.strictObject(
      ZEvidenceFile.pick({ name: true, kind: true, sizeBytes: true, sha256: true, receivedAt: true }).shape,
    ),
  ),
  /** The person's requests about their data (訂正・利用停止・削除), newest first, with a refusal's reason. */
  requests: z.array(ZPersonRequestPublic),
  /** When the case's personal data was deleted at the person's request (the case stays for statistics). */
  dataDeletedAt: z.iso.datetime().nullable(),
});
export type TIntakeStatus = z.infer<typeof ZIntakeStatus>;
