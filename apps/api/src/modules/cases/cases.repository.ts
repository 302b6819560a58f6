import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  countsQuery,
  Prisma,
  prismaSql,
  readQueuePage,
  type CaseEventKind,
  type CaseStatus,
  type DbClient,
  type IdentifierKind,
  type QueueFilter,
  type QueuePage,
  type Urgency,
} from '@madoguchi/db';
import {
  buildSearchDocument,
  EXCERPT_SOURCE_LENGTH,
  safetyFlagsOf,
  SHARED_CASES_SHOWN,
  uniqueIntakeIdentifiers,
  type TIntake,
  type TIntakeIdentifier,
  type TSearchDocument,
  type TTriageResult,
} from '@madoguchi/shared';
import {
  EVENT_FREE_TEXT_KEYS,
  openEvents,
  openIntake,
  openIntakeJson,
  openIntakeText,
  openTriageResults,
  sealEventBody,
  splitEventData,
} from '../../common/crypto/case-texts';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import {
  identifierKeyTag,
  identifierLocation,
  identifierValueKey,
  openIdentifierLinks,
  sealIdentifier,
} from '../../common/crypto/identifier-keys';
import { newTimeOrderedId } from '../../common/ids';
import { openOptionalText, openText, sealOptionalText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';
import { responseTargetStamp } from '../desk/response-target-stamp';
import { SearchIndex } from './search-index';

export type Tx = Prisma.TransactionClient;

const SUMMARY_INCLUDE = {
  assignee: { select: { id: true, displayName: true } },
} satisfies Prisma.CaseInclude;

const SUMMARY_OMIT = {
  searchGrams: true,
  searchExact: true,
  searchSig: true,
  searchKey: true,
} satisfies Prisma.CaseOmit;

export type CaseSummaryRow = Prisma.CaseGetPayload<{
  include: typeof SUMMARY_INCLUDE;
  omit: typeof SUMMARY_OMIT;
}>;

const DETAIL_INCLUDE = {
  ...SUMMARY_INCLUDE,
  intake: true,
  triages: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
  identifiers: { include: { identifier: true }, orderBy: [{ createdAt: 'asc' }, { identifierId: 'asc' }] },
  linksFrom: {
    include: { to: { select: { id: true, receiptNumber: true, status: true, createdAt: true } } },
  },
  linksTo: {
    include: { from: { select: { id: true, receiptNumber: true, status: true, createdAt: true } } },
  },
} satisfies Prisma.CaseInclude;

type StoredCaseDetailRow = Prisma.CaseGetPayload<{ include: typeof DETAIL_INCLUDE }>;

/**
 * A case's detail with its intake's encrypted columns opened (in the shape they had as jsonb) and its triage result's
 * quoted phrases put back.
 */
export type CaseDetailRow = Omit<StoredCaseDetailRow, 'intake' | 'triages'> & {
  triages: (Omit<StoredCaseDetailRow['triages'][number], 'phrases'> & { result: Prisma.JsonValue })[];
  intake:
    | (Omit<NonNullable<StoredCaseDetailRow['intake']>, 'contact' | 'identifiers' | 'raw'> & {
        contact: Prisma.JsonValue;
        identifiers: Prisma.JsonValue;
        raw: Prisma.JsonValue;
      })
    | null;
};

type CountsRow = {
  status: CaseStatus | null;
  priority: Urgency | null;
  total: number | null;
  unassigned: number;
  mine: number;
  overdue: number;
};

export type QueueCounts = {
  byStatusAndPriority: { status: CaseStatus; priority: Urgency; total: number }[];
  unassignedOpen: number;
  /** Open cases assigned to the user asked about. */
  assignedOpen: number;
  followUpOverdue: number;
};

export type NewCaseEvent = {
  caseId: string;
  kind: CaseEventKind;
  actorId: string | null;
  data: Prisma.InputJsonObject;
  public?: boolean;
};

export type NormalizedIdentifierInput = { kind: IdentifierKind; value: string; display: string };

/** A new case from the public intake (or a phone intake), every value computed before the transaction. */
export type NewIntakeCaseRow = {
  id: string;
  receiptNumber: string;
  accessCodeHash: string;
  intake: TIntake;
  /** The case's search document (packages/shared/src/search.ts): only its keyed tokens are stored. */
  search: TSearchDocument;
  triage: TTriageResult;
  receivedAt: Date;
  /** Stored only while the desk settings are still those of `settingsAt`; otherwise (or null) refreshResponseDue's. */
  response: { dueAt: Date | null; settingsAt: Date | null } | null;
};

/**
 * Identifiers in a fixed (kind, keyed value) order, the unique key of the upsert, so concurrent writers sharing a
 * scam number take the row locks of the upsert in the same order and cannot deadlock.
 */
function inLockOrder<T extends { kind: string; valueKey: string }>(identifiers: readonly T[]): T[] {
  return [...identifiers].sort((a, b) =>
    a.kind === b.kind ? (a.valueKey < b.valueKey ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
}

/** An identifier as the upsert writes it: a new row's id, its keyed value, its value and display sealed under it. */
type SealedIdentifier = {
  id: string;
  kind: IdentifierKind;
  valueKey: string;
  value: string;
  display: string;
};

/** A case as its response due time is computed from: its working priority and arrival. */
export type ResponseDueInput = { id: string; priority: Urgency; createdAt: Date };

/** A legacy or stale identifier row the search.reindex job converts (CasesRepository.rekeyIdentifier). */
export type IdentifierToRekey = { id: string; kind: IdentifierKind; value: string; display: string };

@Injectable()
export class CasesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
    private readonly searchIndex: SearchIndex,
  ) {}

  /** Runs `work` in one transaction; the service passes the handle back to these methods. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(work);
  }

  // A new intake is written as one batch (a non-interactive transaction on the intake pool, see
  // IntakeRepository.createIntakeCase). These build its statements on the batch's client, in plain
  // SQL; the caller runs them in its transaction.

  insertIntakeCase(db: DbClient, row: NewIntakeCaseRow): Prisma.PrismaPromise<number> {
    const { intake, triage } = row;
    const search = this.searchIndex.tokens(row.search);
    // The response due time and target as setResponseDue stores them, if the settings they were computed under are
    // still the database's (the same stamp row); under a replaced copy they stay NULL for refreshResponseDue.
    const known = row.response !== null;
    const { dueAt, settingsAt } = row.response ?? { dueAt: null, settingsAt: null };
    return db.$executeRaw`
      INSERT INTO cases (id, receipt_number, search_grams, search_exact, search_sig, search_key, access_code_hash, urgency,
                         priority, channel, picked_category, suggested_categories, confirmed_categories,
                         safety_flags, person_age, prefecture, caller_relation, consent_to_share, created_at,
                         response_due_at, response_target_at, response_target_of)
      SELECT ${row.id}::uuid, ${row.receiptNumber}, ${search.grams}::int[], ${search.exact}::int[], ${search.sig}::int[], ${search.key},
             ${row.accessCodeHash}, ${triage.urgency}::"Urgency", ${triage.urgency}::"Urgency",
             ${intake.channel}::"Channel", ${intake.category ?? null},
             ${triage.categories.map((c) => c.code)}::text[], '{}'::text[], ${safetyFlagsOf(triage)}::text[],
             ${intake.person?.age ?? null}::smallint, ${intake.person?.prefecture ?? null},
             ${intake.caller?.relation ?? null}, ${intake.consentToShare ?? false}, ${row.receivedAt}::timestamptz,
             CASE WHEN s.current THEN ${dueAt}::timestamptz END, CASE WHEN s.current THEN ${dueAt}::timestamptz END,
             CASE WHEN s.current THEN s.stamp END
      FROM (SELECT ${known} AND settings_at IS NOT DISTINCT FROM ${settingsAt}::timestamptz AS current, stamp
            FROM (${responseTargetStamp}) stamped) s`;
  }

  /** The triage event that opens the case's timeline. */
  insertTriageEvent(db: DbClient, caseId: string, triage: TTriageResult): Prisma.PrismaPromise<number> {
    return db.$executeRaw`
      INSERT INTO case_events (id, case_id, kind, data)
      VALUES (${newTimeOrderedId()}::uuid, ${caseId}::uuid, 'triage'::"CaseEventKind", ${JSON.stringify({
        ruleSetVersion: triage.ruleSetVersion,
        urgency: triage.urgency,
        categories: triage.categories.map((c) => c.code),
        recommendations: triage.recommendations.map((r) => r.windowSlug),
      })}::jsonb)`;
  }

  /**
   * Identifiers as the upsert writes them (identifier-keys.ts): keyed by their canonical value, value and display
   * sealed under a new id (used only when the row is new; an existing row keeps its own), in lock order.
   */
  private sealIdentifiers<T extends { kind: IdentifierKind; value: string; display: string }>(
    identifiers: readonly T[],
  ): (T & SealedIdentifier)[] {
    return inLockOrder(
      identifiers.map((identifier) => {
        const id = randomUUID();
        return {
          ...identifier,
          id,
          valueKey: identifierValueKey(this.crypto, identifier.kind, identifier.value),
          ...sealIdentifier(this.crypto, id, identifier),
        };
      }),
    );
  }

  /** Upserts the intake's identifiers and links them to the case, in one statement; none: no statement. */
  linkIntakeIdentifiers(
    db: DbClient,
    caseId: string,
    identifiers: readonly TIntakeIdentifier[],
  ): Prisma.PrismaPromise<number> | undefined {
    const sorted = this.sealIdentifiers(uniqueIntakeIdentifiers(identifiers));
    if (sorted.length === 0) {
      return undefined;
    }
    // `DO UPDATE SET kind = identifiers.kind` changes nothing: it makes the existing row's id part of RETURNING.
    return db.$executeRaw`
      WITH input AS (
        SELECT t.id, t.kind::"IdentifierKind" AS kind, t.value_key, t.value, t.display, t.source, t.ord
        FROM unnest(${sorted.map((i) => i.id)}::uuid[], ${sorted.map((i) => i.kind)}::text[],
                    ${sorted.map((i) => i.valueKey)}::text[], ${sorted.map((i) => i.value)}::text[],
                    ${sorted.map((i) => i.display)}::text[], ${sorted.map((i) => i.source)}::text[])
             WITH ORDINALITY AS t(id, kind, value_key, value, display, source, ord)
      ), upserted AS (
        INSERT INTO identifiers (id, kind, value_key, value, display)
        SELECT id, kind, value_key, value, display FROM input ORDER BY ord
        ON CONFLICT (kind, value_key) DO UPDATE SET kind = identifiers.kind
        RETURNING id, kind, value_key
      )
      INSERT INTO case_identifiers (case_id, identifier_id, source)
      SELECT ${caseId}::uuid, u.id, i.source FROM upserted u JOIN input i ON i.kind = u.kind AND i.value_key = u.value_key
      ON CONFLICT DO NOTHING`;
  }

  /**
   * Replaces an old-format access-code hash, only if nobody changed it meanwhile. `db`: the pool of
   * the request (the status look-up runs on the intake bulkhead).
   */
  async replaceAccessCodeHash(db: DbClient, caseId: string, previous: string, next: string): Promise<void> {
    await db.$executeRaw`
      UPDATE cases SET access_code_hash = ${next} WHERE id = ${caseId}::uuid AND access_code_hash = ${previous}`;
  }

  async findSummary(id: string, tx?: Tx): Promise<CaseSummaryRow | null> {
    const row = await (tx ?? this.prisma.client).case.findUnique({
      where: { id },
      include: SUMMARY_INCLUDE,
      omit: SUMMARY_OMIT,
    });
    return row && this.openCaseTexts(row);
  }

  /** A case row with its encrypted free text (the summary, the legal hold's reason) opened (free-texts.ts). */
  private async openCaseTexts<
    T extends { id: string; summary: string | null; legalHoldReason: string | null },
  >(row: T): Promise<T> {
    const [summary, legalHoldReason] = await Promise.all([
      openOptionalText(this.crypto, 'caseSummary', row.id, row.summary),
      openOptionalText(this.crypto, 'legalHoldReason', row.id, row.legalHoldReason),
    ]);
    return { ...row, summary, legalHoldReason };
  }

  async findSummaries(ids: string[]): Promise<CaseSummaryRow[]> {
    const rows = await this.prisma.client.case.findMany({
      where: { id: { in: ids } },
      include: SUMMARY_INCLUDE,
      // The search document is most of a case row and no summary shows it.
      omit: SUMMARY_OMIT,
    });
    const opened = await Promise.all(rows.map((row) => this.openCaseTexts(row)));
    const byId = new Map(opened.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is CaseSummaryRow => row !== undefined);
  }

  /**
   * The start of each case's description, by case id; a case without an intake has none. The description is
   * encrypted, so it cannot be cut in SQL (`left()` would cut the ciphertext): it is read whole
   * and opened here (AES-GCM: microseconds per case), then cut to what the excerpt reads.
   */
  async findExcerptHeads(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.prisma.client.intake.findMany({
      where: { caseId: { in: ids } },
      select: { caseId: true, description: true },
    });
    return new Map(
      await Promise.all(
        rows.map(
          async (row) =>
            [
              row.caseId,
              [...(await openIntakeText(this.crypto, row.caseId, row.description))]
                .slice(0, EXCERPT_SOURCE_LENGTH + 1)
                .join(''),
            ] as const,
        ),
      ),
    );
  }

  async findDetail(id: string): Promise<CaseDetailRow | null> {
    const row = await this.prisma.client.case.findUnique({ where: { id }, include: DETAIL_INCLUDE });
    if (!row) {
      return null;
    }
    const openLink = async <L extends { id: string; note: string | null }>(link: L): Promise<L> => ({
      ...link,
      note: await openOptionalText(this.crypto, 'caseLinkNote', link.id, link.note),
    });
    const [texts, intake, triages, linksFrom, linksTo, identifiers] = await Promise.all([
      this.openCaseTexts(row),
      row.intake && openIntake(this.crypto, row.id, row.intake),
      openTriageResults(this.crypto, row.triages),
      Promise.all(row.linksFrom.map(openLink)),
      Promise.all(row.linksTo.map(openLink)),
      openIdentifierLinks(this.crypto, row.identifiers),
    ]);
    return { ...row, ...texts, intake, triages, linksFrom, linksTo, identifiers };
  }

  async findIdByReceipt(receiptNumber: string): Promise<string | null> {
    const row = await this.prisma.client.case.findUnique({ where: { receiptNumber }, select: { id: true } });
    return row?.id ?? null;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.client.case.count({ where: { id } })) > 0;
  }

  /** One page of the queue: the statements and how a search reads them are in readQueuePage (packages/db). */
  queue(filter: QueueFilter, options: { walkRows?: number } = {}): Promise<QueuePage> {
    // Searches run on the read-only replica pool (its own connections and statement_timeout): a slow one
    // never holds a connection the queue and case pages need, and tolerates replication lag.
    const db = filter.search ? this.prisma.replica : this.prisma.client;
    return readQueuePage(filter, (statement) => db.$queryRaw<unknown[]>(prismaSql(statement)), options);
  }

  /**
   * Cases whose due times the database cleared, at most `limit` of each kind, oldest first: open, unanswered
   * cases without response_due_at and, with `targets`, cases without a response_target_at stamp.
   */
  async unsetResponseDue(
    limit: number,
    options: { targets: boolean } = { targets: false },
  ): Promise<ResponseDueInput[]> {
    const rows = await this.prisma.client.$queryRaw<{ id: string; priority: Urgency; created_at: Date }[]>`
      (SELECT id, priority, created_at FROM cases
       WHERE status <> 'closed' AND first_response_at IS NULL AND response_due_at IS NULL
       ORDER BY created_at LIMIT ${limit})
      ${
        options.targets
          ? Prisma.sql`UNION
      (SELECT id, priority, created_at FROM cases WHERE response_target_of IS NULL ORDER BY created_at LIMIT ${limit})`
          : Prisma.empty
      }`;
    return rows.map((row) => ({ id: row.id, priority: row.priority, createdAt: row.created_at }));
  }

  /**
   * The receipt time of the `limit`th case received after `after` (or of the last one, when fewer are left);
   * null when none is: the next stretch of the walk after a change of the desk's settings, read in receipt order
   * (the covering index cases_created_at_idx; about the table's physical order, where the stretch's rows are).
   */
  async receivedSpan(after: Date | null, limit: number): Promise<Date | null> {
    const [row] = await this.prisma.client.$queryRaw<{ upto: Date | null }[]>`
      SELECT max(created_at) AS upto FROM (
        SELECT created_at FROM cases WHERE created_at > ${after ?? new Date(0)}::timestamptz
        ORDER BY created_at LIMIT ${limit}
      ) stretch`;
    return row?.upto ?? null;
  }

  /**
   * The cases received in (after, upto] whose response target was computed under other desk settings than
   * `stamp`'s, or not at all.
   */
  async staleResponseTargets(stamp: Date, after: Date | null, upto: Date): Promise<ResponseDueInput[]> {
    const rows = await this.prisma.client.$queryRaw<{ id: string; priority: Urgency; created_at: Date }[]>`
      SELECT id, priority, created_at FROM cases
      WHERE created_at > ${after ?? new Date(0)}::timestamptz AND created_at <= ${upto}::timestamptz
        AND response_target_of IS DISTINCT FROM ${stamp}::timestamptz`;
    return rows.map((row) => ({ id: row.id, priority: row.priority, createdAt: row.created_at }));
  }

  /**
   * Stores computed due times, each only if its inputs are still those it was computed from (the priority and
   * arrival read) and the desk's settings are still those of `settingsAt` (their updated_at; null: the
   * defaults): response_due_at where the case is still unanswered and has none, response_target_at with the
   * settings' stamp where the case has none under these settings. Returns how many cases changed.
   */
  async setResponseDue(
    items: readonly (ResponseDueInput & { dueAt: Date | null })[],
    settingsAt: Date | null,
  ): Promise<number> {
    if (items.length === 0) {
      return 0;
    }
    return this.prisma.client.$executeRaw`
      UPDATE cases c
      SET response_due_at = CASE WHEN c.first_response_at IS NULL AND c.response_due_at IS NULL
                                 THEN v.due_at ELSE c.response_due_at END,
          response_target_at = v.due_at,
          response_target_of = s.stamp
      FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.priority)}::"Urgency"[],
                  ${items.map((i) => i.createdAt)}::timestamptz[], ${items.map((i) => i.dueAt)}::timestamptz[])
           AS v(id, priority, created_at, due_at),
           (${responseTargetStamp}) AS s
      WHERE c.id = v.id AND c.priority = v.priority AND c.created_at = v.created_at
        AND s.settings_at IS NOT DISTINCT FROM ${settingsAt}::timestamptz
        AND ((c.first_response_at IS NULL AND c.response_due_at IS NULL AND v.due_at IS NOT NULL)
             OR c.response_target_of IS DISTINCT FROM s.stamp)`;
  }

  /**
   * The dashboard's counts in one round trip, none of it a scan of cases: per (status, priority) and
   * per assignee of the open cases from the counters the database keeps (migration case_counters:
   * the slots of each key summed, at most a few hundred rows), and the open cases past their
   * follow-up date (it depends on the clock, so no counter can keep it) from the partial index over
   * open cases' follow-up dates. The statement: countsQuery (packages/db).
   */
  async counts(userId: string, now: Date): Promise<QueueCounts> {
    const rows = await this.prisma.client.$queryRaw<CountsRow[]>(prismaSql(countsQuery(userId, now)));
    const first = rows[0];
    return {
      byStatusAndPriority: rows
        .filter((row) => row.status !== null && row.priority !== null)
        .map((row) => ({ status: row.status!, priority: row.priority!, total: row.total ?? 0 })),
      unassignedOpen: first?.unassigned ?? 0,
      assignedOpen: first?.mine ?? 0,
      followUpOverdue: first?.overdue ?? 0,
    };
  }

  /**
   * The single optimistic-concurrency write: `UPDATE … WHERE id = $1 AND version = $2`, which
   * also bumps the version. false: someone else updated first (or the case is gone).
   */
  async updateVersioned(
    tx: Tx,
    id: string,
    version: number,
    data: Prisma.CaseUncheckedUpdateManyInput,
  ): Promise<boolean> {
    // The summary is written encrypted, bound to the case (free-texts.ts); only a clear string is sealed.
    const summary = typeof data.summary === 'string' ? data.summary : undefined;
    const { count } = await tx.case.updateMany({
      where: { id, version },
      data: {
        ...data,
        ...(summary === undefined
          ? {}
          : { summary: sealOptionalText(this.crypto, 'caseSummary', id, summary) }),
        version: { increment: 1 },
      },
    });
    return count === 1;
  }

  async currentVersion(id: string, tx?: Tx): Promise<number | null> {
    const row = await (tx ?? this.prisma.client).case.findUnique({
      where: { id },
      select: { version: true },
    });
    return row?.version ?? null;
  }

  /**
   * Row lock for appends that rebuild the search document: a second note on the same case waits,
   * then reads the first, so neither note is lost from the search tokens. false: no such case.
   */
  async lockCase(tx: Tx, id: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length === 1;
  }

  /** The case's status, version and assignee under its row lock (the person's reply); null: no such case. */
  async lockCaseState(
    tx: Tx,
    id: string,
  ): Promise<{ id: string; status: CaseStatus; version: number; assigneeId: string | null } | null> {
    const rows = await tx.$queryRaw<
      { id: string; status: CaseStatus; version: number; assignee_id: string | null }[]
    >`
      SELECT id::text AS id, status::text AS status, version, assignee_id::text AS assignee_id
      FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
    const row = rows[0];
    return row ? { id: row.id, status: row.status, version: row.version, assigneeId: row.assignee_id } : null;
  }

  /**
   * Appends an event: its free text (notes, summaries, messages, replies, reasons) goes encrypted into `body`, the
   * coded rest into `data` (case-texts.ts). Returns the row with its data as given.
   */
  async addEvent(tx: Tx, event: NewCaseEvent) {
    // Time-ordered (case_events is partitioned by month and appended to); the body is encrypted under it.
    const id = newTimeOrderedId();
    const { coded, texts } = splitEventData(event.data);
    const { body: _body, ...row } = await tx.caseEvent.create({
      data: {
        id,
        caseId: event.caseId,
        kind: event.kind,
        actorId: event.actorId,
        public: event.public ?? false,
        data: coded,
        body: sealEventBody(this.crypto, id, texts),
      },
      include: { actor: { select: { id: true, displayName: true } } },
    });
    return { ...row, data: event.data as Prisma.JsonObject };
  }

  /**
   * Rebuilds the search tokens (search_grams, search_exact: keyed, see SearchIndex) from the description, notes,
   * contact and identifiers as this repository opens them, under the current index key (search_key).
   */
  async refreshSearchDocument(tx: Tx, id: string): Promise<void> {
    // One query per table: Prisma loads relations in parallel, which a transaction's single
    // connection can only queue (pg warns, and pg 9 will refuse).
    const { receiptNumber } = await tx.case.findUniqueOrThrow({
      where: { id },
      select: { receiptNumber: true },
    });
    const stored = await tx.intake.findUnique({
      where: { caseId: id },
      select: { description: true, contact: true },
    });
    const intake = stored && {
      description: await openIntakeText(this.crypto, id, stored.description),
      contact: await openIntakeJson(this.crypto, id, 'contact', stored.contact),
    };
    const events = await openEvents(
      this.crypto,
      await tx.caseEvent.findMany({
        where: { caseId: id, kind: { in: ['note', 'contact'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, kind: true, data: true, body: true },
      }),
    );
    const identifiers = await openIdentifierLinks(
      this.crypto,
      await tx.caseIdentifier.findMany({
        where: { caseId: id },
        select: { identifier: { select: { id: true, kind: true, value: true, display: true } } },
      }),
    );
    const notes = events.map((event) => {
      const data = event.data as { body?: unknown; summary?: unknown };
      return String((event.kind === 'note' ? data.body : data.summary) ?? '');
    });
    const document = buildSearchDocument({
      receiptNumber,
      description: intake?.description,
      notes,
      contact: intake?.contact as { name?: string; phone?: string; email?: string } | null,
      identifiers: identifiers.map((link) => link.identifier),
    });
    const tokens = this.searchIndex.tokens(document);
    await tx.case.update({
      where: { id },
      data: {
        searchGrams: tokens.grams,
        searchExact: tokens.exact,
        searchSig: tokens.sig,
        searchKey: tokens.key,
      },
    });
  }

  /**
   * Cases whose search tokens are not under `key` (written before keyed search, or under another index key), in
   * id order after `after`: what the search.reindex job rebuilds. Shredded cases have nothing to index.
   */
  async staleSearchCases(key: string, after: string | null, limit: number): Promise<string[]> {
    const rows = await this.prisma.client.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM cases
       WHERE (search_key IS NULL OR search_key <> ${key}) AND shredded_at IS NULL
         AND id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid
       ORDER BY id LIMIT ${limit}`;
    return rows.map((row) => row.id);
  }

  /**
   * Identifiers whose keyed value is missing (written in clear before migration identifier_keys) or not under the
   * current index key, in id order after `after`: what the search.reindex job converts (rekeyIdentifier).
   */
  staleIdentifiers(after: string | null, limit: number): Promise<IdentifierToRekey[]> {
    return this.prisma.client.$queryRaw<IdentifierToRekey[]>`
      SELECT id::text AS id, kind::text AS kind, value, display FROM identifiers
       WHERE (value_key IS NULL OR NOT starts_with(value_key, ${`${identifierKeyTag(this.crypto)}:`}))
         AND id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid
       ORDER BY id LIMIT ${limit}`;
  }

  /**
   * Converts an identifier staleIdentifiers read: its keyed value under the current index key, its value and display
   * encrypted (a legacy row's were clear). When another row already has that keyed value (an intake wrote the same
   * value meanwhile, as a new row, because this one had no keyed value), this one is folded into it: its cases are
   * linked to that row and it is removed, so the cases share one identifier again. Nothing is written if the row
   * changed since it was read (another run converted it): `changed`. A value that does not open throws.
   */
  async rekeyIdentifier(row: IdentifierToRekey): Promise<'keyed' | 'folded' | 'changed'> {
    const [value, display] = await Promise.all([
      this.crypto.decryptString(row.value, identifierLocation(row.id, 'value')),
      this.crypto.decryptString(row.display, identifierLocation(row.id, 'display')),
    ]);
    const valueKey = identifierValueKey(this.crypto, row.kind, value);
    const sealed = sealIdentifier(this.crypto, row.id, { value, display });
    return this.prisma.client.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ value: string; display: string }[]>`
        SELECT value, display FROM identifiers WHERE id = ${row.id}::uuid FOR UPDATE`;
      if (locked?.value !== row.value || locked.display !== row.display) {
        return 'changed';
      }
      const [existing] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM identifiers
         WHERE kind = ${row.kind}::"IdentifierKind" AND value_key = ${valueKey} AND id <> ${row.id}::uuid
         FOR UPDATE`;
      if (!existing) {
        await tx.$executeRaw`
          UPDATE identifiers SET value_key = ${valueKey}, value = ${sealed.value}, display = ${sealed.display}
           WHERE id = ${row.id}::uuid`;
        return 'keyed';
      }
      await tx.$executeRaw`
        INSERT INTO case_identifiers (case_id, identifier_id, source, created_at)
        SELECT case_id, ${existing.id}::uuid, source, created_at FROM case_identifiers
         WHERE identifier_id = ${row.id}::uuid
        ON CONFLICT DO NOTHING`;
      await tx.$executeRaw`DELETE FROM case_identifiers WHERE identifier_id = ${row.id}::uuid`;
      await tx.$executeRaw`DELETE FROM identifiers WHERE id = ${row.id}::uuid`;
      return 'folded';
    });
  }

  /** The first triage run (the intake's): the rules a category decision is measured against. */
  findIntakeTriage(caseId: string) {
    return this.prisma.client.triageResult.findFirst({
      where: { caseId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { ruleSetVersion: true, result: true },
    });
  }

  findActiveStaff(id: string) {
    return this.prisma.client.user.findFirst({
      where: { id, active: true },
      select: { id: true, displayName: true },
    });
  }

  /** Per identifier: how many other cases share it, and the newest few of them. */
  async sharedCases(caseId: string, identifierIds: string[]) {
    if (identifierIds.length === 0) {
      return { counts: new Map<string, number>(), items: new Map<string, SharedCaseRow[]>() };
    }
    const [counts, items] = await Promise.all([
      this.prisma.client.$queryRaw<{ identifier_id: string; n: number }[]>`
        SELECT identifier_id, count(*)::int AS n FROM case_identifiers
        WHERE identifier_id = ANY(${identifierIds}::uuid[]) AND case_id <> ${caseId}::uuid
        GROUP BY identifier_id`,
      this.prisma.client.$queryRaw<SharedCaseRow[]>`
        SELECT identifier_id, id, receipt_number, status::text AS status, created_at FROM (
          SELECT ci.identifier_id, c.id, c.receipt_number, c.status, c.created_at,
            row_number() OVER (PARTITION BY ci.identifier_id ORDER BY c.created_at DESC, c.id) AS rn
          FROM case_identifiers ci JOIN cases c ON c.id = ci.case_id
          WHERE ci.identifier_id = ANY(${identifierIds}::uuid[]) AND ci.case_id <> ${caseId}::uuid
        ) shared
        WHERE rn <= ${SHARED_CASES_SHOWN}
        ORDER BY identifier_id, created_at DESC, id`,
    ]);
    const itemsById = new Map<string, SharedCaseRow[]>();
    for (const item of items) {
      itemsById.set(item.identifier_id, [...(itemsById.get(item.identifier_id) ?? []), item]);
    }
    return { counts: new Map(counts.map((c) => [c.identifier_id, c.n])), items: itemsById };
  }

  /**
   * The registry entries these identifiers (opened) match: by keyed value under the current index key, computed
   * here from the opened value, so a row the search.reindex job has not converted yet matches too.
   */
  async registryMatches(identifiers: { kind: IdentifierKind; value: string }[]) {
    if (identifiers.length === 0) {
      return [];
    }
    const keyed = identifiers.map(({ kind, value }) => ({
      kind,
      value,
      valueKey: identifierValueKey(this.crypto, kind, value),
    }));
    const entries = await this.prisma.client.registryEntry.findMany({
      where: { OR: keyed.map(({ kind, valueKey }) => ({ kind, valueKey })) },
      select: { id: true, kind: true, valueKey: true, source: true, note: true },
    });
    // The entry's own value is the desk's published list's; the match is reported against the case's value.
    return entries.flatMap(({ valueKey, ...entry }) =>
      keyed
        .filter((identifier) => identifier.kind === entry.kind && identifier.valueKey === valueKey)
        .map((identifier) => ({ ...entry, value: identifier.value })),
    );
  }

  /** Everything the timeline shows, each source on its own; the service merges and orders them. */
  async timeline(caseId: string) {
    const [events, triages, referrals] = await Promise.all([
      this.prisma.client.caseEvent
        .findMany({
          where: { caseId },
          include: { actor: { select: { id: true, displayName: true } } },
        })
        .then((rows) => openEvents(this.crypto, rows)),
      this.prisma.client.triageResult
        .findMany({ where: { caseId } })
        .then((rows) => openTriageResults(this.crypto, rows)),
      this.prisma.client.referral
        .findMany({
          where: { caseId },
          include: { window: { select: { nameJa: true, nameEn: true } } },
        })
        .then((rows) =>
          Promise.all(
            rows.map(async (row) => ({
              ...row,
              reason: await openText(this.crypto, 'referralReason', row.id, row.reason),
              outcomeNote: await openOptionalText(
                this.crypto,
                'referralOutcomeNote',
                row.id,
                row.outcomeNote,
              ),
            })),
          ),
        ),
    ]);
    const creatorIds = [...new Set(referrals.map((r) => r.createdById))];
    const creators =
      creatorIds.length === 0
        ? []
        : await this.prisma.client.user.findMany({
            where: { id: { in: creatorIds } },
            select: { id: true, displayName: true },
          });
    return { events, triages, referrals, creators };
  }

  /**
   * Upserts the identifiers (in lock order, as the intake's) and links them to the case as the
   * counselor's. Returns the identifier rows.
   */
  async linkIdentifiers(tx: Tx, caseId: string, identifiers: NormalizedIdentifierInput[]) {
    const sorted = this.sealIdentifiers(identifiers);
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO identifiers (id, kind, value_key, value, display)
      SELECT t.id, t.kind::"IdentifierKind", t.value_key, t.value, t.display
      FROM unnest(${sorted.map((i) => i.id)}::uuid[], ${sorted.map((i) => i.kind)}::text[],
                  ${sorted.map((i) => i.valueKey)}::text[], ${sorted.map((i) => i.value)}::text[],
                  ${sorted.map((i) => i.display)}::text[]) AS t(id, kind, value_key, value, display)
      ON CONFLICT (kind, value_key) DO UPDATE SET kind = identifiers.kind
      RETURNING id`;
    await tx.caseIdentifier.createMany({
      skipDuplicates: true,
      data: rows.map((row) => ({ caseId, identifierId: row.id, source: 'counselor' })),
    });
    return openIdentifierLinks(
      this.crypto,
      await tx.caseIdentifier.findMany({
        where: { caseId, identifierId: { in: rows.map((row) => row.id) } },
        include: { identifier: true },
      }),
    );
  }

  async unlinkIdentifier(tx: Tx, caseId: string, identifierId: string) {
    const { count } = await tx.caseIdentifier.deleteMany({ where: { caseId, identifierId } });
    return count === 1;
  }

  /** A link in either direction: linking is symmetric for the counselor. */
  findLink(a: string, b: string) {
    return this.prisma.client.caseLink.findFirst({
      where: {
        OR: [
          { caseId: a, linkedCaseId: b },
          { caseId: b, linkedCaseId: a },
        ],
      },
    });
  }

  /** A new link; its note is written encrypted under the link's id and returned as given. */
  async createLink(
    tx: Tx,
    link: { caseId: string; linkedCaseId: string; note: string | null; createdById: string },
  ) {
    const id = randomUUID();
    const created = await tx.caseLink.create({
      data: { ...link, id, note: sealOptionalText(this.crypto, 'caseLinkNote', id, link.note) },
      include: { to: { select: { id: true, receiptNumber: true, status: true, createdAt: true } } },
    });
    return { ...created, note: link.note };
  }

  /* ------------------------------------------------------------------------------------- merges */

  /**
   * The merge state of the named cases under their row locks, taken in id order so two merges of the same
   * pair cannot deadlock; with how many duplicates are merged into each (read after the locks, so a merge
   * that committed meanwhile is counted).
   */
  async lockMergeStates(tx: Tx, ids: readonly string[]): Promise<Map<string, CaseMergeState>> {
    const rows = await tx.$queryRaw<
      {
        id: string;
        receipt_number: string;
        status: CaseStatus;
        version: number;
        closed_at: Date | null;
        merged_into_id: string | null;
        merged_at: Date | null;
        merged_prior_status: CaseStatus | null;
        merged_prior_closed_at: Date | null;
      }[]
    >`
      SELECT id::text AS id, receipt_number, status::text AS status, version, closed_at,
             merged_into_id::text AS merged_into_id, merged_at, merged_prior_status::text AS merged_prior_status,
             merged_prior_closed_at
      FROM cases WHERE id = ANY(${[...ids].sort()}::uuid[]) ORDER BY id FOR UPDATE`;
    const counts = await tx.$queryRaw<{ id: string; n: number }[]>`
      SELECT merged_into_id::text AS id, count(*)::int AS n FROM cases
      WHERE merged_into_id = ANY(${[...ids]}::uuid[]) GROUP BY merged_into_id`;
    const merged = new Map(counts.map((row) => [row.id, row.n]));
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          receiptNumber: row.receipt_number,
          status: row.status,
          version: row.version,
          closedAt: row.closed_at,
          mergedIntoId: row.merged_into_id,
          mergedAt: row.merged_at,
          mergedPriorStatus: row.merged_prior_status,
          mergedPriorClosedAt: row.merged_prior_closed_at,
          mergedCount: merged.get(row.id) ?? 0,
        },
      ]),
    );
  }

  /** The merge fields of a case and of the case it is merged into. */
  findMergeInfo(id: string) {
    return this.prisma.client.case.findUnique({
      where: { id },
      select: {
        id: true,
        receiptNumber: true,
        mergedIntoId: true,
        mergedAt: true,
        mergedInto: { select: { id: true, receiptNumber: true } },
      },
    });
  }

  /** The duplicates merged into a case, oldest merge first, with their identifiers and referrals. */
  async findMergedCases(survivorId: string) {
    const rows = await this.prisma.client.case.findMany({
      where: { mergedIntoId: survivorId },
      orderBy: [{ mergedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        receiptNumber: true,
        mergedAt: true,
        mergedById: true,
        mergedPriorStatus: true,
        identifiers: {
          select: { identifier: { select: { id: true, kind: true, display: true } } },
          orderBy: [{ createdAt: 'asc' }, { identifierId: 'asc' }],
        },
        referrals: {
          select: { id: true, referralNumber: true, windowSlug: true, status: true },
          orderBy: { createdAt: 'asc' },
        },
      },
    });
    const byIds = [...new Set(rows.map((row) => row.mergedById).filter((id): id is string => id !== null))];
    const users =
      byIds.length === 0
        ? []
        : await this.prisma.client.user.findMany({
            where: { id: { in: byIds } },
            select: { id: true, displayName: true },
          });
    const opened = await Promise.all(
      rows.map(async (row) => ({
        ...row,
        identifiers: (await openIdentifierLinks(this.crypto, row.identifiers)).map(
          ({ identifier: { kind, display } }) => ({ identifier: { kind, display } }),
        ),
      })),
    );
    return { rows: opened, users };
  }

  async deleteLink(tx: Tx, a: string, b: string): Promise<boolean> {
    const { count } = await tx.caseLink.deleteMany({
      where: {
        OR: [
          { caseId: a, linkedCaseId: b },
          { caseId: b, linkedCaseId: a },
        ],
      },
    });
    return count > 0;
  }

  /* ------------------------------------------------------- retention (modules/privacy/retention) */

  /** The case's retention state under its row lock, in the caller's transaction; null when there is no such case. */
  async lockRetention(tx: Tx, id: string): Promise<CaseRetentionState | null> {
    const rows = await tx.$queryRaw<CaseRetentionState[]>`
      SELECT id::text AS id, status::text AS status, closed_at AS "closedAt",
             retention_class::text AS "retentionClass", shredded_at AS "shreddedAt"
        FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  /**
   * Sets the retention class and the legal hold's reason, time and author (all NULL off hold). Neither the
   * version nor updated_at moves: keeping a case is no edit of it, and must not make a colleague's form stale.
   */
  async setRetention(
    tx: Tx,
    id: string,
    retention: {
      retentionClass: RetentionClassName;
      legalHoldReason: string | null;
      legalHoldAt: Date | null;
      legalHoldById: string | null;
    },
  ): Promise<void> {
    // The hold's reason is free text: written encrypted, bound to the case (free-texts.ts).
    const reason = sealOptionalText(this.crypto, 'legalHoldReason', id, retention.legalHoldReason);
    await tx.$executeRaw`
      UPDATE cases SET retention_class = ${retention.retentionClass}::"RetentionClass",
                       legal_hold_reason = ${reason},
                       legal_hold_at = ${retention.legalHoldAt}, legal_hold_by_id = ${retention.legalHoldById}::uuid
       WHERE id = ${id}::uuid`;
  }

  /**
   * Shreds what this repository holds of a case's personal data, in the shredder's transaction: the search
   * document and its grams, the counselors' summary, the free text of its events (notes, contact summaries,
   * messages, replies, reasons) while their coded keys stay (kind, from/to, ruleIds…), the notes of its case
   * links and its identifiers (the links, and each identifier no other case refers to). Marks the case shredded.
   * Returns how many non-empty values were removed.
   */
  async shredCase(tx: Tx, id: string, at: Date): Promise<number> {
    const [counted] = await tx.$queryRaw<{ n: number }[]>`
      SELECT ((SELECT (cardinality(search_grams) > 0)::int + (cardinality(search_exact) > 0)::int + (coalesce(summary, '') <> '')::int
                 FROM cases WHERE id = ${id}::uuid)
            + (SELECT count(*) FROM case_links
                WHERE (case_id = ${id}::uuid OR linked_case_id = ${id}::uuid) AND coalesce(note, '') <> '')
            + (SELECT count(*) FROM case_identifiers WHERE case_id = ${id}::uuid))::int AS n`;
    await tx.$executeRaw`
      UPDATE cases SET search_grams = '{}'::int[], search_exact = '{}'::int[], search_sig = '{}'::int[], search_key = NULL, summary = NULL,
                       shredded_at = ${at}
       WHERE id = ${id}::uuid`;
    // case_events is history the API's role may not update: the one change allowed, blanking the free text, goes
    // through a function that runs as the table's owner (migration 20261205010000_retention).
    const [events] = await tx.$queryRaw<{ n: number }[]>`
      SELECT shred_case_event_text(${id}::uuid, ${[...EVENT_FREE_TEXT_KEYS]}::text[]) AS n`;
    await tx.$executeRaw`
      UPDATE case_links SET note = NULL WHERE (case_id = ${id}::uuid OR linked_case_id = ${id}::uuid) AND note IS NOT NULL`;
    await tx.$executeRaw`
      WITH unlinked AS (DELETE FROM case_identifiers WHERE case_id = ${id}::uuid RETURNING identifier_id)
      DELETE FROM identifiers i
       WHERE i.id IN (SELECT identifier_id FROM unlinked)
         AND NOT EXISTS (SELECT 1 FROM case_identifiers ci
                          WHERE ci.identifier_id = i.id AND ci.case_id <> ${id}::uuid)`;
    return (counted?.n ?? 0) + (events?.n ?? 0);
  }

  /** Cases shredded since `since` (the retention job sweeps their stored files once more). */
  async findShreddedSince(since: Date): Promise<string[]> {
    const rows = await this.prisma.client.case.findMany({
      where: { shreddedAt: { gte: since } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => row.id);
  }

  /**
   * Closed cases past their class's retention period, not on hold and not shredded, oldest closure first, after
   * `after` (a run's position, so a case that failed is not retried in the same run).
   */
  async findRetentionDue(args: {
    standardBefore: Date;
    shortBefore: Date;
    after: { closedAt: Date; id: string } | null;
    limit: number;
  }): Promise<{ id: string; closedAt: Date }[]> {
    const afterAt = args.after?.closedAt ?? new Date(0);
    const afterId = args.after?.id ?? '00000000-0000-0000-0000-000000000000';
    return this.prisma.client.$queryRaw<{ id: string; closedAt: Date }[]>`
      SELECT id::text AS id, closed_at AS "closedAt" FROM cases
       WHERE status = 'closed' AND shredded_at IS NULL AND closed_at IS NOT NULL
         AND ((retention_class = 'standard' AND closed_at < ${args.standardBefore})
           OR (retention_class = 'short' AND closed_at < ${args.shortBefore}))
         AND (closed_at, id) > (${afterAt}, ${afterId}::uuid)
       ORDER BY closed_at, id
       LIMIT ${args.limit}`;
  }
}

export type RetentionClassName = 'standard' | 'short' | 'legal_hold';

/** A case's retention state under its row lock (lockRetention). */
export type CaseRetentionState = {
  id: string;
  status: CaseStatus;
  closedAt: Date | null;
  retentionClass: RetentionClassName;
  shreddedAt: Date | null;
};

/** A case's merge state under its row lock (lockMergeStates). */
export type CaseMergeState = {
  id: string;
  receiptNumber: string;
  status: CaseStatus;
  version: number;
  closedAt: Date | null;
  mergedIntoId: string | null;
  mergedAt: Date | null;
  mergedPriorStatus: CaseStatus | null;
  mergedPriorClosedAt: Date | null;
  /** Duplicates merged into this case. */
  mergedCount: number;
};

export type SharedCaseRow = {
  identifier_id: string;
  id: string;
  receipt_number: string;
  status: CaseStatus;
  created_at: Date;
};
