// Makes the rows of N realistic consultations, chunk by chunk, exactly as the API would have
// written them: the intake goes through the shared normalisation, triage runs at the case's own
// creation time, identifiers are collected like IntakeService does, and the search document comes
// from buildSearchDocument, stored as the API's keyed tokens (search-key.ts). A case's later life (triage by a counselor, notes, calls, referrals,
// closing) is replayed as the events, referral history and audit rows the staff routes write. What people and
// counselors wrote is stored encrypted under the database's field key, as the API stores it.
import { createHash, randomUUID } from 'node:crypto';
import type { Prisma } from '@madoguchi/db';
import {
  buildSearchDocument,
  caseStepsToReferred,
  collectIntakeIdentifiers,
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_FOLLOW_UP_DAYS,
  DEFAULT_RESPONSE_TARGETS,
  DISCLOSURE_FIELDS,
  formatReadable,
  normalizeIntake,
  PREFECTURE_CODES,
  READABLE_ALPHABET,
  rememberingDays,
  responseDue,
  type TCaseStatus,
  tokyoDayOf,
  type TIntake,
  type TIntakeInput,
  type TReferralStatus,
  type TReferralWindow,
  TROUBLE_CATEGORY_CODES,
  type TTriageResult,
  type TTroubleCategory,
  type TUrgency,
  uniqueIntakeIdentifiers,
  URGENCY_LEVELS,
} from '@madoguchi/shared';
import { triage } from '@madoguchi/shared/triage';
import { tokenizeSearchDocument, type SearchTokenizer } from '@madoguchi/db/case-queue-sql';
import {
  sealEventBody,
  sealIntakeTexts,
  sealTriageResult,
  splitEventData,
} from '../../apps/api/src/common/crypto/case-texts';
import { sealOptionalText, sealText } from '../../apps/api/src/common/crypto/free-texts';
import { identifierValueKey, sealIdentifier } from '../../apps/api/src/common/crypto/identifier-keys';
import * as copy from './copy-text';
import { buildPools, toFullWidth, uniquePhone, writePhone, type IdentifierPools } from './identifier-pool';
import {
  CATEGORY_PHRASES,
  CLOSE_REASONS,
  CLOSERS,
  CONTACT_SUMMARIES,
  GENERIC_DETAILS,
  IDENTIFIER_SENTENCES,
  ITEMS,
  NOTES,
  OPENERS,
  PUBLIC_MESSAGES,
  REFERRAL_OUTCOMES,
  REFERRAL_REASONS,
  SNS,
  STAFF_OPENERS,
  SUMMARIES,
  TAGS,
  WHEN,
} from './phrases';
import { permute, Rng, Weighted } from './random';
import { benchFieldCrypto, type BenchFieldCrypto } from './index-key';
import { benchSearchTokenizer } from './search-key';
import { caseTime, DAY_MS, jstClock, type TimelineSpec } from './timeline';

/** Bump when the generated data changes shape: a stored data set of another version is remade. */
export const GENERATOR_VERSION = 8;

export type StaffMember = { id: string; role: 'counselor' | 'supervisor' };

export type FactoryConfig = {
  seed: number;
  cases: number;
  nowMs: number;
  timeline: TimelineSpec;
  windows: TReferralWindow[];
  staff: StaffMember[];
  /** Genuine argon2id hashes of random codes, reused: hashing a million codes would take hours. */
  accessCodeHashes: string[];
  /** The database's blind-index root key (hex), for the search tokens and identifiers' keyed values the API would write. */
  indexRootKey: string;
  /** The database's active field data key (its id, and the key in hex): free text is stored encrypted, as the API writes it. */
  fieldKeyId: string;
  fieldKey: string;
};

/** The tables a chunk fills, in the order they are loaded (parents first). */
// prettier-ignore
export const TABLES = {
  cases: [
    'id', 'receipt_number', 'access_code_hash', 'status', 'urgency', 'priority', 'channel',
    'picked_category', 'suggested_categories', 'confirmed_categories', 'person_age', 'prefecture',
    'consent_to_share', 'assignee_id', 'tags', 'follow_up_at', 'summary', 'version', 'created_at', 'updated_at', 'closed_at', 'search_grams', 'search_exact', 'search_sig', 'search_key',
    'first_response_at', 'last_reopened_at', 'categories_judged_at', 'triage_overridden', 'triage_rule_ids',
    'next_follow_up_at', 'response_target_at', 'response_target_of',
  ],
  intakes: ['case_id', 'description', 'answers', 'person', 'identifiers', 'contact', 'raw', 'created_at'],
  triage_results: ['id', 'case_id', 'rule_set_version', 'urgency', 'result', 'phrases', 'created_at'],
  case_events: ['id', 'case_id', 'kind', 'public', 'actor_id', 'data', 'body', 'created_at'],
  /**
   * Staged, then upserted into identifiers and linked (see generate.ts). An identifier's id is derived from its kind
   * and value, so every link of it carries the same id, keyed value and ciphertexts sealed under that id.
   */
  identifier_links: ['case_id', 'kind', 'id', 'value_key', 'value', 'display', 'source', 'created_at'],
  referrals: [
    'id', 'referral_number', 'case_id', 'window_slug', 'reason', 'method', 'status', 'consent', 'warnings',
    'outcome_note', 'sent_at', 'acknowledged_at', 'closed_at', 'follow_up_due_at', 'created_by_id',
    'version', 'created_at', 'updated_at', 'first_sent_at',
  ],
  referral_status_changes: ['id', 'referral_id', 'from', 'to', 'actor_id', 'note', 'at'],
  case_links: ['id', 'case_id', 'linked_case_id', 'note', 'created_by_id', 'created_at'],
  audit_log: [
    'at', 'actor_id', 'actor_role', 'action', 'entity', 'entity_id', 'case_id', 'ip', 'request_id', 'meta',
  ],
} as const satisfies Record<string, readonly string[]>;

export type TableName = keyof typeof TABLES;

export type ChunkResult = {
  chunk: number;
  /** COPY text (UTF-8) per table. */
  tables: Record<TableName, Uint8Array>;
  rows: Record<TableName, number>;
  firstCreatedAt: number;
  lastCreatedAt: number;
};

/* ------------------------------------------------------------------------------ distributions */

/** Consultations by trouble (the mix consumer centres and police desks report). */
const CATEGORY = new Weighted<TTroubleCategory>([
  ['fictitious_billing', 26],
  ['online_fraud', 22],
  ['online_shopping', 14],
  ['phishing', 11],
  ['malware_unauthorized_access', 7],
  ['dating_site_fraud', 5],
  ['defamation', 5],
  ['sns_threat_stalking', 4],
  ['child_bullying', 2],
  ['court_notice', 1],
  ['other', 3],
]);

/** Office hours (weekdays 9–17): people call the desks; otherwise the web form. */
const CHANNEL_OFFICE = new Weighted([
  ['web', 45],
  ['phone', 44],
  ['chat', 5],
  ['email', 4],
  ['walk_in', 2],
] as const);
const CHANNEL_OFF = new Weighted([
  ['web', 86],
  ['chat', 8],
  ['email', 6],
] as const);

/** Probability that a case names each kind of identifier. */
const IDENTIFIER_USE: Record<TTroubleCategory, { phone: number; url: number; email: number; bank: number }> =
  {
    fictitious_billing: { phone: 0.72, url: 0.35, email: 0.1, bank: 0.08 },
    online_fraud: { phone: 0.3, url: 0.5, email: 0.15, bank: 0.3 },
    online_shopping: { phone: 0.15, url: 0.65, email: 0.2, bank: 0.35 },
    phishing: { phone: 0.25, url: 0.75, email: 0.25, bank: 0 },
    malware_unauthorized_access: { phone: 0.5, url: 0.2, email: 0.05, bank: 0 },
    dating_site_fraud: { phone: 0.1, url: 0.4, email: 0.2, bank: 0.1 },
    defamation: { phone: 0, url: 0.5, email: 0, bank: 0 },
    sns_threat_stalking: { phone: 0.1, url: 0.2, email: 0.1, bank: 0.05 },
    child_bullying: { phone: 0, url: 0.1, email: 0, bank: 0 },
    court_notice: { phone: 0.5, url: 0.05, email: 0, bank: 0.1 },
    other: { phone: 0.1, url: 0.1, email: 0.05, bank: 0 },
  };

/** Share of consultations made after money (or, for phishing, a password) is already gone. */
const LOSS: Partial<Record<TTroubleCategory, number>> = {
  online_fraud: 0.35,
  online_shopping: 0.35,
  dating_site_fraud: 0.4,
  phishing: 0.35,
  malware_unauthorized_access: 0.12,
  fictitious_billing: 0.04,
  other: 0.05,
};

const AGE_BANDS = new Weighted([
  [[13, 19], 5],
  [[20, 29], 13],
  [[30, 39], 14],
  [[40, 49], 18],
  [[50, 59], 18],
  [[60, 69], 16],
  [[70, 79], 12],
  [[80, 92], 4],
] as const);

/** Population in 100,000s (2020 census, rounded), JIS order 01–47. */
const PREFECTURE_POPULATION = [
  52, 12, 12, 23, 10, 11, 18, 29, 19, 19, 73, 63, 140, 92, 22, 10, 11, 8, 8, 20, 20, 36, 75, 18, 14, 26, 88,
  54, 13, 9, 6, 7, 19, 28, 13, 7, 10, 13, 7, 51, 8, 13, 17, 11, 11, 16, 15,
];
const PREFECTURE = new Weighted(
  PREFECTURE_CODES.map((code, i) => [code, PREFECTURE_POPULATION[i] ?? 10] as const),
);

const SURNAMES = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
];
const GIVEN = ['花子', '太郎', '陽子', '健一', '美咲', '翔', '恵子', '誠', '由美', '大輔', 'さくら', '弘'];

/** How long a case stays open: the final status by age in days. */
function finalStatus(ageDays: number, rng: Rng): TCaseStatus {
  // prettier-ignore
  const table: readonly (readonly [TCaseStatus, number])[] =
    ageDays < 1
      ? [['new', 55], ['triaged', 22], ['in_progress', 16], ['closed', 7]]
      : ageDays < 7
        ? [['new', 8], ['triaged', 12], ['in_progress', 35], ['referred', 15], ['awaiting_client', 12], ['closed', 18]]
        : ageDays < 30
          ? [['new', 1], ['triaged', 2], ['in_progress', 18], ['referred', 14], ['awaiting_client', 15], ['closed', 50]]
          : ageDays < 90
            ? [['new', 0.3], ['triaged', 0.5], ['in_progress', 4], ['referred', 4], ['awaiting_client', 6], ['closed', 85]]
            : [['in_progress', 0.7], ['referred', 0.6], ['awaiting_client', 0.7], ['closed', 98]];
  let x = rng.next() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [status, weight] of table) {
    if ((x -= weight) < 0) {
      return status;
    }
  }
  return 'closed';
}

/* -------------------------------------------------------------------------------- the factory */

type CaseState = {
  id: string;
  index: number;
  createdAt: number;
  status: TCaseStatus;
  version: number;
  updatedAt: number;
  closedAt: number | null;
  assignee: StaffMember | null;
  priority: TUrgency;
  confirmed: string[];
  tags: string[];
  followUpAt: number | null;
  summary: string | null;
  /** Note bodies and contact summaries, oldest first: part of the search document. */
  notes: string[];
  t: number;
  /**
   * The facts the database keeps from the events (migration stats_case_facts); its triggers are off
   * during the load, so the generator writes them as they would have (checked after the load).
   */
  facts: CaseFacts;
};

type CaseFacts = {
  firstResponseAt: number | null;
  lastReopenedAt: number | null;
  judgement: { at: number; overridden: boolean; ruleIds: string[] } | null;
  /** follow_up_due_at of the case's referrals left sent or acknowledged (migration case_next_follow_up). */
  openReferralDue: number[];
  /** The intake triage's matched rules: a confirmation without rules of its own judged these. */
  triageRuleIds: string[];
};

const RESPONSE_KINDS = new Set(['contact', 'public_message', 'status_change']);

/** What trigger case_events_keep_case_facts does with one event by a staff member. */
/** cases.next_follow_up_at as its triggers keep it: the earliest of the case's own date and its open referrals'. */
function nextFollowUpAt(state: CaseState): number | null {
  const dates = [...state.facts.openReferralDue, ...(state.followUpAt === null ? [] : [state.followUpAt])];
  return dates.length === 0 ? null : Math.min(...dates);
}

function recordFacts(facts: CaseFacts, kind: string, data: Record<string, unknown>, at: number): void {
  if (kind === 'category_change') {
    if (facts.judgement === null || facts.judgement.at <= at) {
      const suggested = (data.suggested as string[] | undefined) ?? [];
      const confirmed = (data.confirmed as string[] | undefined) ?? [];
      const sameSets =
        suggested.every((c) => confirmed.includes(c)) && confirmed.every((c) => suggested.includes(c));
      const ruleIds =
        Array.isArray(data.ruleIds) && data.ruleIds.length > 0
          ? (data.ruleIds as string[])
          : facts.triageRuleIds;
      facts.judgement = {
        at,
        overridden: typeof data.overridden === 'boolean' ? data.overridden : !sameSets,
        ruleIds: [...new Set(ruleIds)].sort(),
      };
    }
    return;
  }
  if (RESPONSE_KINDS.has(kind) && (facts.firstResponseAt === null || facts.firstResponseAt > at)) {
    facts.firstResponseAt = at;
  }
  if (
    kind === 'status_change' &&
    data.from === 'closed' &&
    (facts.lastReopenedAt === null || facts.lastReopenedAt < at)
  ) {
    facts.lastReopenedAt = at;
  }
}

const STAFF_IP_PREFIX = '10.20.';

export class CaseFactory {
  private readonly pools: IdentifierPools;
  private readonly counselors: StaffMember[];
  private readonly supervisors: StaffMember[];
  private readonly horizon: number;

  private readonly tokenizer: SearchTokenizer;
  private readonly crypto: BenchFieldCrypto;
  /** The desk's default hours (the bench's database has no desk_settings row), each day worked out once. */
  private readonly deskCalendar = rememberingDays(DEFAULT_DESK_SCHEDULE);

  constructor(private readonly config: FactoryConfig) {
    const indexRootKey = Buffer.from(config.indexRootKey, 'hex');
    this.tokenizer = benchSearchTokenizer(indexRootKey, { memo: true });
    this.crypto = benchFieldCrypto({
      keyring: {
        activeId: config.fieldKeyId,
        keys: new Map([[config.fieldKeyId, Buffer.from(config.fieldKey, 'hex')]]),
      },
      indexRootKey,
    });
    this.pools = buildPools(config.seed, config.cases);
    this.counselors = config.staff.filter((s) => s.role === 'counselor');
    this.supervisors = config.staff.filter((s) => s.role === 'supervisor');
    // Nothing happens after the data set is made (the load scenarios add today's intakes).
    this.horizon = config.timeline.endMs - 60_000;
  }

  buildChunk(chunk: number, from: number, to: number): ChunkResult {
    const rng = new Rng(this.config.seed, 0xc4a5e, chunk);
    const buffers = Object.fromEntries(
      Object.entries(TABLES).map(([name, columns]) => [name, new copy.CopyBuffer(name, columns)]),
    ) as Record<TableName, copy.CopyBuffer>;
    // The latest case in this chunk per shared scam number: counselors link repeat victims.
    const lastByPhone = new Map<string, { id: string }>();
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (let index = from; index < to; index++) {
      const createdAt = this.buildCase(index, rng, buffers, lastByPhone);
      first = Math.min(first, createdAt);
      last = Math.max(last, createdAt);
    }
    const rows = {} as Record<TableName, number>;
    const tables = {} as Record<TableName, Uint8Array>;
    for (const name of Object.keys(TABLES) as TableName[]) {
      rows[name] = buffers[name].rows;
      tables[name] = buffers[name].take();
    }
    return { chunk, tables, rows, firstCreatedAt: first, lastCreatedAt: last };
  }

  private buildCase(
    index: number,
    rng: Rng,
    out: Record<TableName, copy.CopyBuffer>,
    lastByPhone: Map<string, { id: string }>,
  ): number {
    const { config } = this;
    const createdAt = caseTime(config.timeline, index, rng);
    const { hour, weekday } = jstClock(createdAt);
    const channel = (weekday && hour >= 9 && hour < 17 ? CHANNEL_OFFICE : CHANNEL_OFF).pick(rng);
    const staffEntered = channel === 'phone' || channel === 'walk_in';
    const category = CATEGORY.pick(rng);
    const raw = this.intakeInput({ index, rng, channel, category, staffEntered });
    const intake = normalizeIntake(raw as TIntake);
    const result = triage(intake, config.windows, new Date(createdAt));
    const identifiers = collectIntakeIdentifiers(intake);
    const caseId = rng.uuid();
    const receiptNumber = formatReadable(readable(permute(index, 40, config.seed), 8), 4);

    // The intake transaction: case, intake, triage result, triage event, identifiers; the person's words
    // encrypted as the API stores them (apps/api common/crypto: case-texts.ts, identifier-keys.ts).
    const sealed = sealIntakeTexts(this.crypto, caseId, {
      description: intake.description,
      contact: intake.contact ?? null,
      identifiers: intake.identifiers ?? {},
      raw,
    });
    copyRow(out.intakes, [
      caseId,
      copy.text(sealed.description),
      copy.json(intake.answers ?? {}),
      copy.json(intake.person ?? {}),
      copy.text(sealed.identifiers),
      copy.nullable(sealed.contact),
      copy.text(sealed.raw),
      copy.timestamp(createdAt),
    ]);
    const triageId = rng.uuid();
    const sealedTriage = sealTriageResult(this.crypto, triageId, result);
    copyRow(out.triage_results, [
      triageId,
      caseId,
      result.ruleSetVersion,
      result.urgency,
      copy.json(sealedTriage.result),
      copy.nullable(sealedTriage.phrases),
      copy.timestamp(createdAt),
    ]);
    copyRow(out.case_events, [
      rng.uuidV7(createdAt),
      caseId,
      'triage',
      'f',
      copy.NULL,
      copy.json({
        ruleSetVersion: result.ruleSetVersion,
        urgency: result.urgency,
        categories: result.categories.map((c) => c.code),
        recommendations: result.recommendations.map((r) => r.windowSlug),
      }),
      copy.NULL,
      copy.timestamp(createdAt),
    ]);
    const links = uniqueIntakeIdentifiers(identifiers);
    for (const link of links) {
      const id = identifierId(this.config.seed, link.kind, link.value);
      const stored = sealIdentifier(this.crypto, id, link);
      copyRow(out.identifier_links, [
        caseId,
        link.kind,
        id,
        copy.text(identifierValueKey(this.crypto, link.kind, link.value)),
        copy.text(stored.value),
        copy.text(stored.display),
        link.source,
        copy.timestamp(createdAt),
      ]);
    }

    const state: CaseState = {
      id: caseId,
      index,
      createdAt,
      status: 'new',
      version: 1,
      updatedAt: createdAt,
      closedAt: null,
      assignee: null,
      priority: result.urgency,
      confirmed: [],
      tags: [],
      followUpAt: null,
      summary: null,
      notes: [],
      t: createdAt,
      facts: {
        firstResponseAt: null,
        lastReopenedAt: null,
        judgement: null,
        openReferralDue: [],
        triageRuleIds: result.matchedRuleIds,
      },
    };
    const staff = staffEntered ? this.pickCounselor(rng) : null;
    if (staff) {
      // POST /cases: the counselor who took the call records it; the create is audited.
      this.audit(out, rng, state, staff, 'case.create', 'case', caseId, {
        channel,
        urgency: result.urgency,
      });
    }
    this.replayLifecycle({ rng, out, state, result, category, personAge: intake.person?.age, staff });

    // Repeat victims of one number: a counselor links the case to the previous one now and then.
    const sharedPhone = links.find((l) => l.kind === 'phone')?.value;
    if (sharedPhone && state.assignee) {
      const previous = lastByPhone.get(sharedPhone);
      if (previous && rng.chance(0.05)) {
        const at = this.advance(state, rng, 3_600_000);
        const linkId = randomUUID();
        copyRow(out.case_links, [
          linkId,
          caseId,
          previous.id,
          copy.text(sealText(this.crypto, 'caseLinkNote', linkId, '同じ番号からの請求')),
          state.assignee.id,
          copy.timestamp(at),
        ]);
        this.audit(out, rng, state, state.assignee, 'case.link_add', 'case', caseId, {
          linkedCaseId: previous.id,
        });
      }
      lastByPhone.set(sharedPhone, { id: caseId });
    }

    // As the API keeps it: built at intake from the submission, rebuilt from the stored rows
    // (identifiers de-duplicated, notes in order) whenever a note or contact is added.
    const search = tokenizeSearchDocument(
      this.tokenizer,
      buildSearchDocument({
        receiptNumber,
        description: intake.description,
        notes: state.notes,
        contact: intake.contact,
        identifiers: state.notes.length > 0 ? links : identifiers,
      }),
    );
    copyRow(out.cases, [
      caseId,
      receiptNumber,
      rng.pick(config.accessCodeHashes),
      state.status,
      result.urgency,
      state.priority,
      channel,
      copy.nullable(intake.category),
      copy.textArray(result.categories.map((c) => c.code)),
      copy.textArray(state.confirmed),
      intake.person?.age === undefined ? copy.NULL : String(intake.person.age),
      copy.nullable(intake.person?.prefecture),
      intake.consentToShare ? 't' : 'f',
      copy.nullable(state.assignee?.id),
      copy.textArray(state.tags),
      copy.timestampOrNull(state.followUpAt),
      copy.nullable(sealOptionalText(this.crypto, 'caseSummary', caseId, state.summary)),
      String(state.version),
      copy.timestamp(createdAt),
      copy.timestamp(state.updatedAt),
      copy.timestampOrNull(state.closedAt),
      copy.textArray(search.grams.map(String)),
      copy.textArray(search.exact.map(String)),
      copy.textArray(search.sig.map(String)),
      copy.text(search.key),
      copy.timestampOrNull(state.facts.firstResponseAt),
      copy.timestampOrNull(state.facts.lastReopenedAt),
      copy.timestampOrNull(state.facts.judgement?.at ?? null),
      state.facts.judgement === null ? copy.NULL : state.facts.judgement.overridden ? 't' : 'f',
      copy.textArray(state.facts.judgement?.ruleIds ?? []),
      copy.timestampOrNull(nextFollowUpAt(state)),
      // The response target as the response.scan job stores it, under the default settings (stamp: the epoch).
      copy.timestampOrNull(
        responseDue(
          this.deskCalendar,
          DEFAULT_RESPONSE_TARGETS[state.priority],
          new Date(createdAt),
        ).dueAt?.getTime(),
      ),
      copy.timestamp(0),
    ]);
    return createdAt;
  }

  /* ------------------------------------------------------------------------------ the intake */

  /** What the person (or the counselor on the phone) typed, before normalisation. */
  intakeInput(args: {
    index: number;
    rng: Rng;
    channel: TIntake['channel'];
    category: TTroubleCategory;
    staffEntered: boolean;
  }): TIntakeInput {
    const { index, rng, channel, category, staffEntered } = args;
    const use = IDENTIFIER_USE[category];
    const { pools } = this;
    const form: Required<NonNullable<TIntakeInput['identifiers']>> = {
      phones: [],
      urls: [],
      emails: [],
      names: [],
      bankAccounts: [],
    };
    const slots: Record<string, string> = {};
    const inText: string[] = [];
    const place = (field: keyof typeof form, slot: keyof typeof IDENTIFIER_SENTENCES, value: string) => {
      const where = rng.next();
      const formShare = staffEntered ? 0.8 : 0.55;
      if (where < formShare) {
        form[field].push(value);
      }
      if (where >= formShare * 0.6) {
        slots[slot] = value;
        inText.push(rng.pick(IDENTIFIER_SENTENCES[slot]));
      }
    };
    if (rng.chance(use.phone)) {
      const digits = rng.chance(0.8) ? pools.phones[pools.phoneRank.index(rng)]! : uniquePhone(index, 1);
      place('phones', 'phone', writePhone(digits, rng));
    }
    if (rng.chance(use.url)) {
      const url = rng.chance(0.8)
        ? pools.urls[pools.urlRank.index(rng)]!
        : `https://shop-${permute(index, 32, 0x51).toString(36)}.${rng.pick(['top', 'shop', 'xyz'])}/`;
      place('urls', 'url', url);
    }
    if (rng.chance(use.email)) {
      place('emails', 'email', pools.emails[pools.emailRank.index(rng)]!);
    }
    if (rng.chance(use.bank)) {
      place('bankAccounts', 'bank', pools.bankAccounts[pools.bankRank.index(rng)]!);
    }
    if (rng.chance(0.06)) {
      form.names.push(pools.names[pools.nameRank.index(rng)]!);
    }

    const phrases = CATEGORY_PHRASES[category];
    const lost = rng.chance(LOSS[category] ?? 0);
    const core = lost && phrases.lost ? phrases.lost : phrases.core;
    const sentences: string[] = [rng.pick(staffEntered ? STAFF_OPENERS : OPENERS), rng.pick(core)];
    if (rng.chance(0.3)) {
      sentences.push(rng.pick(phrases.core));
    }
    sentences.push(...inText);
    // Most people write a few sentences; some write a page (log-normal, capped by the form's 5000).
    const details = Math.min(40, Math.floor(rng.logNormal(1.6, 0.9)));
    for (let i = 0; i < details; i++) {
      sentences.push(rng.chance(0.5) ? rng.pick(phrases.details) : rng.pick(GENERIC_DETAILS));
    }
    sentences.push(rng.pick(CLOSERS));
    let description = fill(sentences.join(''), slots, rng).slice(0, 4900);
    if (!staffEntered && rng.chance(0.15)) {
      description = toFullWidth(description); // typed with the IME in full-width mode
    }

    const answers: NonNullable<TIntakeInput['answers']> = {};
    if (rng.chance(staffEntered ? 0.5 : 0.7)) {
      const paid = lost && category !== 'phishing';
      answers.paid = paid;
      if (paid) {
        answers.amountPaidYen = yen(rng);
      }
      if (category === 'fictitious_billing' || category === 'court_notice') {
        answers.amountRequestedYen = yen(rng);
        answers.demandVia = [rng.pick(['sms', 'email', 'web', 'letter', 'phone'] as const)];
        answers.contactedOtherParty = rng.chance(0.2);
      }
      if (category === 'phishing') {
        answers.personalInfoGiven = lost;
      }
      if (category === 'malware_unauthorized_access') {
        answers.installedSoftware = rng.chance(0.4);
        answers.billingScreenPersists = rng.chance(0.15);
      }
      if (category === 'court_notice') {
        answers.courtPapersReceived = rng.chance(0.3);
      }
      if (category === 'sns_threat_stalking') {
        answers.threatened = rng.chance(0.6);
        answers.stalked = rng.chance(0.3);
      }
      // Someone in danger right now: rare, and the one case triage must send to 110.
      answers.inDangerNow = rng.chance(category === 'sns_threat_stalking' ? 0.05 : 0.0015);
    }

    const input: TIntakeInput = { channel, description };
    if (rng.chance(staffEntered ? 0.5 : 0.4)) {
      input.category = rng.chance(0.85) ? category : rng.pick(TROUBLE_CATEGORY_CODES);
    }
    if (Object.keys(answers).length > 0) {
      input.answers = answers;
    }
    const person: NonNullable<TIntakeInput['person']> = {};
    if (category === 'child_bullying' ? rng.chance(0.9) : rng.chance(0.55)) {
      const [lo, hi] = category === 'child_bullying' ? [10, 17] : AGE_BANDS.pick(rng);
      person.age = rng.int(lo, hi);
    }
    if (rng.chance(0.5)) {
      person.prefecture = PREFECTURE.pick(rng);
    }
    if (Object.keys(person).length > 0) {
      input.person = person;
    }
    const named = Object.fromEntries(Object.entries(form).filter(([, list]) => list.length > 0));
    if (Object.keys(named).length > 0) {
      input.identifiers = named;
    }
    if (rng.chance(staffEntered ? 0.7 : 0.35)) {
      const preferred = rng.pick(['phone', 'phone', 'phone', 'email', 'none'] as const);
      const contact: NonNullable<TIntakeInput['contact']> = { preferred };
      if (rng.chance(0.7)) {
        contact.name = `${rng.pick(SURNAMES)} ${rng.pick(GIVEN)}`;
      }
      if (preferred === 'phone' || rng.chance(0.3)) {
        contact.phone = writePhone(uniquePhone(index, 0), rng);
      }
      if (preferred === 'email' || rng.chance(0.1)) {
        contact.email = `u${permute(index, 32, 0xe3).toString(36)}@mail.example.jp`;
      }
      input.contact = contact;
    }
    if (rng.chance(0.45)) {
      input.consentToShare = true;
    }
    return input;
  }

  /* --------------------------------------------------------------------------- the case's life */

  private pickCounselor(rng: Rng): StaffMember {
    return rng.chance(0.1) && this.supervisors.length > 0
      ? rng.pick(this.supervisors)
      : rng.pick(this.counselors);
  }

  /** Moves the case clock on by a log-normal pause (never past the data set's end). */
  private advance(state: CaseState, rng: Rng, medianMs: number): number {
    state.t = Math.min(this.horizon, Math.max(state.t + 1, state.t + Math.round(rng.logNormal(medianMs, 1))));
    return state.t;
  }

  private replayLifecycle(args: {
    rng: Rng;
    out: Record<TableName, copy.CopyBuffer>;
    state: CaseState;
    result: TTriageResult;
    category: TTroubleCategory;
    personAge: number | undefined;
    staff: StaffMember | null;
  }): void {
    const { rng, out, state, result } = args;
    const ageDays = (this.config.timeline.endMs - state.createdAt) / DAY_MS;
    const target = finalStatus(ageDays, rng);
    const handler = args.staff ?? this.pickCounselor(rng);
    const hours = 3_600_000;
    const maybeRead = (p: number) => {
      if (rng.chance(p)) {
        this.advance(state, rng, 0.5 * hours);
        this.audit(out, rng, state, handler, 'case.read', 'case', state.id, {
          view: rng.chance(0.7) ? 'detail' : 'timeline',
        });
      }
    };

    if (target === 'new') {
      maybeRead(0.3);
      return;
    }
    this.advance(state, rng, 6 * hours);
    maybeRead(0.6);
    if (target === 'closed' && rng.chance(0.08)) {
      // Spam, a duplicate or a question answered at once: closed straight from new.
      this.changeStatus(out, rng, state, handler, 'closed', rng.pick(['重複した相談のため', '情報提供のみ']));
      return;
    }
    if (target === 'triaged' || rng.chance(0.4)) {
      this.changeStatus(out, rng, state, handler, 'triaged', null);
      if (target === 'triaged') {
        return;
      }
      this.advance(state, rng, 12 * hours);
    }
    this.changeStatus(out, rng, state, handler, 'in_progress', null);
    this.updateCase(out, rng, state, handler, ['assigneeId'], () => {
      this.event(out, rng, state, 'assignment', handler, { from: null, to: handler.id });
      state.assignee = handler;
    });
    if (rng.chance(0.75)) {
      this.confirmCategories(out, rng, state, handler, result, args.category);
    }
    if (rng.chance(0.03)) {
      const to = rng.pick(URGENCY_LEVELS.filter((u) => u !== state.priority));
      this.updateCase(out, rng, state, handler, ['priority'], () => {
        this.event(out, rng, state, 'priority_change', handler, {
          from: state.priority,
          to,
          reason: '相談者の状況を確認して変更',
        });
        state.priority = to;
      });
    }
    const notes = Math.min(6, Math.floor(rng.logNormal(1.2, 0.8)));
    for (let i = 0; i < notes; i++) {
      this.advance(state, rng, 20 * hours);
      this.appendNote(out, rng, state, handler);
      maybeRead(0.3);
    }
    if (rng.chance(0.12)) {
      this.updateCase(out, rng, state, handler, ['tags'], () => {
        state.tags = [...new Set([rng.pick(TAGS), rng.pick(TAGS)])];
      });
    }
    if (target === 'in_progress') {
      maybeRead(0.4);
      return;
    }

    const referral =
      target === 'referred' ||
      (target === 'awaiting_client' && rng.chance(0.35)) ||
      (target === 'closed' && rng.chance(0.3));
    if (referral) {
      this.replayReferral({ ...args, handler, target });
    }
    if (target === 'referred') {
      return;
    }
    if (target === 'awaiting_client' || rng.chance(0.2)) {
      this.advance(state, rng, 24 * hours);
      this.changeStatus(out, rng, state, handler, 'awaiting_client', null);
      if (rng.chance(0.25)) {
        this.advance(state, rng, hours);
        this.appendPublicMessage(out, rng, state, handler, PUBLIC_MESSAGES[rng.int(0, 1)]!);
      }
      if (rng.chance(0.6)) {
        const due = state.t + rng.int(2, 14) * DAY_MS;
        this.updateCase(out, rng, state, handler, ['followUpAt'], () => {
          state.followUpAt = due;
        });
      }
      if (target === 'awaiting_client') {
        return;
      }
      this.advance(state, rng, 3 * 24 * hours);
      if (rng.chance(0.6)) {
        this.appendContact(out, rng, state, handler);
      }
      this.changeStatus(out, rng, state, handler, 'in_progress', null);
    }
    if (rng.chance(0.4)) {
      this.updateCase(out, rng, state, handler, ['summary'], () => {
        state.summary = rng.pick(SUMMARIES);
      });
    }
    if (rng.chance(0.2)) {
      this.appendPublicMessage(out, rng, state, handler, PUBLIC_MESSAGES[2]);
    }
    this.advance(state, rng, 24 * hours);
    this.changeStatus(out, rng, state, handler, 'closed', rng.pick(CLOSE_REASONS));
  }

  private replayReferral(args: {
    rng: Rng;
    out: Record<TableName, copy.CopyBuffer>;
    state: CaseState;
    result: TTriageResult;
    personAge: number | undefined;
    handler: StaffMember;
    target: TCaseStatus;
  }): void {
    const { rng, out, state, handler } = args;
    const windowSlug = args.result.recommendations[0]?.windowSlug ?? 'consumer-188';
    const referralId = rng.uuid();
    const createdAt = this.advance(state, rng, 12 * 3_600_000);
    const referralNumber = `R-${tokyoDayOf(new Date(createdAt)).year}-${readable(permute(state.index, 30, this.config.seed), 6)}`;
    const method = rng.pick([
      'guided_client',
      'guided_client',
      'guided_client',
      'warm_transfer',
      'letter',
      'web_form',
    ] as const);
    const fields = DISCLOSURE_FIELDS.filter(() => rng.chance(0.5));
    const consent = {
      givenBy: args.personAge !== undefined && args.personAge < 18 ? 'guardian' : 'client',
      givenAt: new Date(createdAt).toISOString(),
      recordedById: handler.id,
      fields,
    };
    let status: TReferralStatus = 'draft';
    let version = 1;
    let updatedAt = createdAt;
    let sentAt: number | null = null;
    let acknowledgedAt: number | null = null;
    let closedAt: number | null = null;
    let firstSentAt: number | null = null;
    let followUpDueAt: number | null = null;
    let outcomeNote: string | null = null;
    const history = (from: TReferralStatus | null, to: TReferralStatus, at: number, note: string | null) => {
      const changeId = rng.uuid();
      copyRow(out.referral_status_changes, [
        changeId,
        referralId,
        from ?? copy.NULL,
        to,
        handler.id,
        copy.nullable(sealOptionalText(this.crypto, 'referralStatusNote', changeId, note)),
        copy.timestamp(at),
      ]);
      this.event(out, rng, state, 'referral', handler, {
        referralId,
        referralNumber,
        windowSlug,
        from,
        to,
        ...(note ? { note } : {}),
      });
    };
    history(null, 'draft', createdAt, null);
    this.audit(out, rng, state, handler, 'referral.create', 'referral', referralId, {
      referralNumber,
      windowSlug,
      method,
      consentGivenBy: consent.givenBy,
      consentFields: fields,
      warningsAcknowledged: 0,
    });

    const move = (to: TReferralStatus, medianMs: number, note: string | null = null) => {
      const at = this.advance(state, rng, medianMs);
      const from = status;
      history(from, to, at, note);
      this.audit(
        out,
        rng,
        state,
        handler,
        to === 'sent' ? 'referral.send' : 'referral.status_change',
        'referral',
        referralId,
        {
          referralNumber,
          windowSlug,
          from,
          to,
        },
      );
      status = to;
      version++;
      updatedAt = at;
      if (to === 'sent') {
        sentAt = at;
        firstSentAt ??= at;
        followUpDueAt = at + DEFAULT_FOLLOW_UP_DAYS * DAY_MS;
      }
      if (to === 'acknowledged') {
        acknowledgedAt = at;
      }
      if (to === 'completed' || to === 'declined' || to === 'cancelled') {
        closedAt = at;
      }
      return at;
    };

    const sendAt = move('sent', 2 * 3_600_000);
    // Sending walks the case to `referred` (one status_change event per step, one version bump).
    const steps = caseStepsToReferred(state.status) ?? [];
    let from = state.status;
    for (const step of steps) {
      this.event(out, rng, state, 'status_change', handler, {
        from,
        to: step,
        reason: 'referral sent',
        referralId,
      });
      from = step;
    }
    if (steps.length > 0) {
      const before = state.status;
      state.status = steps[steps.length - 1]!;
      state.version++;
      state.updatedAt = sendAt;
      this.audit(out, rng, state, handler, 'case.status_change', 'case', state.id, {
        from: before,
        to: state.status,
        steps,
        via: 'referral.send',
        referralId,
      });
    }
    if (args.target !== 'referred' || rng.chance(0.3)) {
      const outcome = rng.next();
      if (outcome < 0.15) {
        move('no_response', 8 * 24 * 3_600_000);
      } else if (outcome < 0.25) {
        move('declined', 3 * 24 * 3_600_000, '対象外とのこと');
      } else {
        move('acknowledged', 2 * 24 * 3_600_000);
        if (args.target !== 'referred' && rng.chance(0.7)) {
          outcomeNote = rng.pick(REFERRAL_OUTCOMES);
          move('completed', 10 * 24 * 3_600_000);
        }
      }
    }
    // `move` changed these in a closure, which TypeScript's narrowing does not see.
    const finalStatus = status as TReferralStatus;
    const dueAt = followUpDueAt as number | null;
    if ((finalStatus === 'sent' || finalStatus === 'acknowledged') && dueAt !== null) {
      state.facts.openReferralDue.push(dueAt);
    }
    copyRow(out.referrals, [
      referralId,
      referralNumber,
      state.id,
      windowSlug,
      copy.text(sealText(this.crypto, 'referralReason', referralId, rng.pick(REFERRAL_REASONS))),
      method,
      status,
      copy.json(consent),
      '[]',
      copy.nullable(sealOptionalText(this.crypto, 'referralOutcomeNote', referralId, outcomeNote)),
      copy.timestampOrNull(sentAt),
      copy.timestampOrNull(acknowledgedAt),
      copy.timestampOrNull(closedAt),
      copy.timestampOrNull(followUpDueAt),
      handler.id,
      String(version),
      copy.timestamp(createdAt),
      copy.timestamp(updatedAt),
      copy.timestampOrNull(firstSentAt),
    ]);
  }

  /* ---------------------------------------------------- the staff routes' writes, one by one */

  private changeStatus(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
    to: TCaseStatus,
    reason: string | null,
  ): void {
    const from = state.status;
    const at = this.advance(state, rng, 30 * 60_000);
    state.status = to;
    state.version++;
    state.updatedAt = at;
    state.closedAt = to === 'closed' ? at : null;
    this.event(out, rng, state, 'status_change', actor, { from, to, reason });
    this.audit(out, rng, state, actor, 'case.status_change', 'case', state.id, {
      from,
      to,
      version: state.version,
    });
  }

  /** PATCH /cases/:id: one version bump and one audit row for the fields changed. */
  private updateCase(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
    fields: string[],
    apply: () => void,
  ): void {
    const at = this.advance(state, rng, 10 * 60_000);
    apply();
    state.version++;
    state.updatedAt = at;
    this.audit(out, rng, state, actor, 'case.update', 'case', state.id, { fields, version: state.version });
  }

  private confirmCategories(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
    result: TTriageResult,
    category: TTroubleCategory,
  ): void {
    const suggested = result.categories.map((c) => c.code);
    const overridden = !suggested.includes(category) || rng.chance(0.1);
    const confirmed = overridden ? [category] : suggested.slice(0, 2);
    const reason = overridden ? '相談内容を確認し、分類を変更' : null;
    const at = this.advance(state, rng, 20 * 60_000);
    const previous = state.confirmed;
    state.confirmed = confirmed;
    state.version++;
    state.updatedAt = at;
    this.event(out, rng, state, 'category_change', actor, {
      suggested,
      confirmed,
      previous,
      reason,
      overridden,
      ruleIds: result.matchedRuleIds,
      ruleSetVersion: result.ruleSetVersion,
    });
    this.audit(out, rng, state, actor, 'case.categories_confirm', 'case', state.id, {
      confirmed,
      overridden,
      version: state.version,
    });
  }

  private appendNote(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
  ) {
    const body = fill(rng.pick(NOTES), {}, rng);
    const id = this.event(out, rng, state, 'note', actor, { body });
    state.notes.push(body);
    state.updatedAt = state.t; // the search document is rebuilt: an update of the case row
    this.audit(out, rng, state, actor, 'case.note_add', 'case_event', id, { kind: 'note' });
  }

  private appendContact(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
  ) {
    const summary = rng.pick(CONTACT_SUMMARIES);
    const id = this.event(out, rng, state, 'contact', actor, {
      direction: rng.chance(0.6) ? 'out' : 'in',
      channel: rng.chance(0.85) ? 'phone' : 'email',
      occurredAt: new Date(state.t - rng.int(0, 30) * 60_000).toISOString(),
      durationMinutes: rng.chance(0.8) ? rng.int(2, 40) : null,
      summary,
    });
    state.notes.push(summary);
    state.updatedAt = state.t;
    this.audit(out, rng, state, actor, 'case.contact_add', 'case_event', id, { kind: 'contact' });
  }

  private appendPublicMessage(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
    body: string,
  ) {
    const id = this.event(out, rng, state, 'public_message', actor, { body }, true);
    this.audit(out, rng, state, actor, 'case.public_message_add', 'case_event', id, {
      kind: 'public_message',
    });
  }

  private event(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    kind: string,
    actor: StaffMember,
    data: Record<string, unknown>,
    isPublic = false,
  ): string {
    const id = rng.uuidV7(state.t);
    // The free text goes to the encrypted body, the coded rest stays in data (as CasesRepository.addEvent).
    const { coded, texts } = splitEventData(data as Prisma.InputJsonObject);
    copyRow(out.case_events, [
      id,
      state.id,
      kind,
      isPublic ? 't' : 'f',
      actor.id,
      copy.json(coded),
      copy.nullable(sealEventBody(this.crypto, id, texts)),
      copy.timestamp(state.t),
    ]);
    recordFacts(state.facts, kind, data, state.t);
    return id;
  }

  private audit(
    out: Record<TableName, copy.CopyBuffer>,
    rng: Rng,
    state: CaseState,
    actor: StaffMember,
    action: string,
    entity: string,
    entityId: string,
    meta: Record<string, unknown>,
  ): void {
    copyRow(out.audit_log, [
      copy.timestamp(state.t),
      actor.id,
      actor.role,
      action,
      entity,
      entityId,
      state.id,
      `${STAFF_IP_PREFIX}${(actor.id.charCodeAt(0) % 8) + 1}.${(actor.id.charCodeAt(1) % 200) + 10}`,
      rng.uuid(),
      copy.json(meta),
    ]);
  }
}

/* ------------------------------------------------------------------------------------ helpers */

function copyRow(buffer: copy.CopyBuffer, values: readonly string[]): void {
  buffer.add(values);
}

/** `n` as `length` characters of the receipt alphabet (5 bits each). */
function readable(n: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = READABLE_ALPHABET[n % 32]! + out;
    n = Math.floor(n / 32);
  }
  return out;
}

function yen(rng: Rng): number {
  const amount = Math.round(rng.logNormal(40_000, 1.2) / 100) * 100;
  return Math.min(50_000_000, Math.max(500, amount));
}

function writeYen(amount: number, rng: Rng): string {
  const form = rng.next();
  if (form < 0.4) {
    return `${amount.toLocaleString('en-US')}円`;
  }
  if (form < 0.7 && amount >= 10_000) {
    const man = Math.floor(amount / 10_000);
    const sen = Math.floor((amount % 10_000) / 1000);
    return `${man}万${sen > 0 ? `${sen}千` : ''}円`;
  }
  return `${amount}円`;
}

function fill(template: string, slots: Record<string, string>, rng: Rng): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'amount':
        return writeYen(yen(rng), rng);
      case 'when':
        return fill(rng.pick(WHEN), slots, rng);
      case 'days':
        return String(rng.int(2, 14));
      case 'sns':
        return rng.pick(SNS);
      case 'item':
        return rng.pick(ITEMS);
      default:
        return slots[slot] ?? '';
    }
  });
}

/**
 * An identifier's row id, the same for every case that lists it (the generator's threads and chunks do not share
 * state): derived from the data set's seed, its kind and its canonical value, shaped as a version-4 UUID.
 */
function identifierId(seed: number, kind: string, value: string): string {
  const hex = createHash('sha256').update(`${seed}\0${kind}\0${value}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
