import { Injectable } from '@nestjs/common';
import {
  Prisma,
  type CaseEventKind,
  type CaseStatus,
  type Channel,
  type IdentifierKind,
  type Urgency,
} from '@madoguchi/db';
import { buildSearchDocument, CASE_STATUSES, escapeLike, SHARED_CASES_SHOWN } from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';

export type Tx = Prisma.TransactionClient;

const SUMMARY_INCLUDE = {
  assignee: { select: { id: true, displayName: true } },
} satisfies Prisma.CaseInclude;

const SUMMARY_OMIT = { searchText: true, searchGrams: true } satisfies Prisma.CaseOmit;

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

export type CaseDetailRow = Prisma.CaseGetPayload<{ include: typeof DETAIL_INCLUDE }>;

export type SortKey = { priority: Urgency; createdAt: Date; id: string };
export type QueueRow = { id: string; priority: Urgency; created_at: Date };
/**
 * A page's rows (one more than asked when there is a next page) and, for a bounded walk that
 * stopped before finding that many, the last row it examined: the next page starts after it.
 */
export type QueuePage = { rows: QueueRow[]; resumeAfter?: SortKey };

/** The queue's filters, resolved by the service (`me` → a user id, dates → instants). */
export type QueueFilter = {
  statuses?: CaseStatus[];
  urgencies?: Urgency[];
  priorities?: Urgency[];
  /** Any of these, among the confirmed categories or, while none are confirmed, the suggested ones. */
  categories?: string[];
  assigneeId?: string | null;
  channels?: Channel[];
  createdFrom?: Date;
  /** Exclusive. */
  createdBefore?: Date;
  followUpOverdue?: boolean;
  /** All of these. */
  tags?: string[];
  search?: { terms: string[]; grams: string[] };
  after?: SortKey;
  limit: number;
  now: Date;
};

const OPEN_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');

/** The predicate of the partial indexes over open cases (migration case_counters), verbatim. */
const OPEN_ONLY = Prisma.sql`c.status <> 'closed'::"CaseStatus"`;

/** The all-zero uuid the counters use for "no assignee" (migration case_counters). */
export const NO_ASSIGNEE = '00000000-0000-0000-0000-000000000000';

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

/**
 * The counts statement (CasesRepository.counts), exported so a test can EXPLAIN exactly it: one
 * row per (status, priority) key, each carrying the per-assignee and overdue figures (a row of
 * nulls for the key when there are no cases at all).
 */
export function countsQuery(userId: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH by_key AS (
      SELECT status::text AS status, priority::text AS priority, sum(n)::int AS total
      FROM case_status_counts GROUP BY status, priority HAVING sum(n) <> 0
    ), by_assignee AS (
      SELECT coalesce(sum(n) FILTER (WHERE assignee_id = ${NO_ASSIGNEE}::uuid), 0)::int AS unassigned,
        coalesce(sum(n) FILTER (WHERE assignee_id = ${userId}::uuid), 0)::int AS mine
      FROM case_assignee_counts
      WHERE assignee_id IN (${NO_ASSIGNEE}::uuid, ${userId}::uuid)
    ), overdue AS (
      SELECT count(*)::int AS overdue FROM cases c
      WHERE ${OPEN_ONLY} AND c.follow_up_at < ${now}
    )
    SELECT k.status, k.priority, k.total, a.unassigned, a.mine, o.overdue
    FROM by_assignee a CROSS JOIN overdue o LEFT JOIN by_key k ON TRUE`;
}

/**
 * How many rows of the queue order a search walks first (see CasesRepository.queue): enough to fill
 * a page for any term in more than about 0.7 % of the cases, a few milliseconds when it does not.
 */
export const SEARCH_PROBE_ROWS = 4_000;

/**
 * The queue query: filters, then the sort key (priority in the enum's order emergency → low, then
 * oldest first, then id) with a keyset condition instead of OFFSET, so rows inserted between pages
 * cannot shift the ones not yet seen. Exported so a test can EXPLAIN exactly this statement.
 *
 * With `probeRows` the search is checked only on the first `probeRows` rows the other filters leave,
 * in queue order (LIKE alone decides a match; the bigrams only narrow an index lookup), so a page
 * found there is exactly the page the full query returns.
 */
export function queueQuery(
  filter: QueueFilter,
  options: { probeRows?: number; walkRows?: number } = {},
): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.statuses?.length) {
    const statuses = new Set(filter.statuses);
    if (!statuses.has('closed')) {
      // Written out (not a parameter) so the planner can prove the predicate of the open cases'
      // partial indexes with any plan: the queue then walks the open cases only, however many
      // years of closed ones the table holds.
      where.push(OPEN_ONLY);
    }
    if (!(statuses.size === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => statuses.has(s)))) {
      // Every open status (the dashboard's default) is exactly OPEN_ONLY; repeating it as a list
      // would make the planner count its selectivity twice and sort all open cases for a page.
      where.push(Prisma.sql`c.status = ANY(${filter.statuses}::"CaseStatus"[])`);
    }
  }
  if (filter.urgencies?.length) {
    where.push(Prisma.sql`c.urgency = ANY(${filter.urgencies}::"Urgency"[])`);
  }
  if (filter.priorities?.length) {
    where.push(Prisma.sql`c.priority = ANY(${filter.priorities}::"Urgency"[])`);
  }
  if (filter.categories?.length) {
    where.push(Prisma.sql`(CASE WHEN cardinality(c.confirmed_categories) > 0
      THEN c.confirmed_categories ELSE c.suggested_categories END) && ${filter.categories}::text[]`);
  }
  if (filter.assigneeId === null) {
    where.push(Prisma.sql`c.assignee_id IS NULL`);
  } else if (filter.assigneeId !== undefined) {
    where.push(Prisma.sql`c.assignee_id = ${filter.assigneeId}::uuid`);
  }
  if (filter.channels?.length) {
    where.push(Prisma.sql`c.channel = ANY(${filter.channels}::"Channel"[])`);
  }
  if (filter.createdFrom) {
    where.push(Prisma.sql`c.created_at >= ${filter.createdFrom}`);
  }
  if (filter.createdBefore) {
    where.push(Prisma.sql`c.created_at < ${filter.createdBefore}`);
  }
  if (filter.followUpOverdue !== undefined) {
    const overdue = Prisma.sql`(c.follow_up_at < ${filter.now} AND c.status <> 'closed')`;
    where.push(filter.followUpOverdue ? overdue : Prisma.sql`NOT COALESCE(${overdue}, FALSE)`);
  }
  if (filter.tags?.length) {
    where.push(Prisma.sql`c.tags @> ${filter.tags}::text[]`);
  }
  if (filter.after) {
    const { priority, createdAt, id } = filter.after;
    where.push(
      Prisma.sql`(c.priority, c.created_at, c.id) > (${priority}::"Urgency", ${createdAt}::timestamptz, ${id}::uuid)`,
    );
  }
  // LIKE confirms each term (see packages/shared/src/search.ts).
  const matches = (filter.search?.terms ?? []).map(
    (term) => Prisma.sql`c.search_text LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`,
  );
  const order = Prisma.sql`ORDER BY c.priority ASC, c.created_at ASC, c.id ASC`;
  if (options.walkRows !== undefined) {
    // The matches among the next `walkRows` rows of the queue order, and the last row walked when
    // the walk stopped before the end (where the next request resumes): see CasesRepository.queue.
    return Prisma.sql`
      WITH walk AS MATERIALIZED (
        SELECT c.id, c.priority, c.created_at, (${Prisma.join([Prisma.sql`TRUE`, ...matches], ' AND ')}) AS hit
        FROM cases c
        WHERE ${Prisma.join(where, ' AND ')}
        ${order}
        LIMIT ${options.walkRows}
      )
      (SELECT c.id, c.priority::text AS priority, c.created_at, FALSE AS resume
        FROM walk c WHERE c.hit ${order} LIMIT ${filter.limit})
      UNION ALL
      (SELECT c.id, c.priority::text, c.created_at, TRUE
        FROM walk c WHERE (SELECT count(*) FROM walk) = ${options.walkRows}
        ORDER BY c.priority DESC, c.created_at DESC, c.id DESC LIMIT 1)`;
  }
  if (options.probeRows !== undefined) {
    return Prisma.sql`
      SELECT c.id, c.priority::text AS priority, c.created_at
      FROM (
        SELECT c.id, c.priority, c.created_at, c.search_text
        FROM cases c
        WHERE ${Prisma.join(where, ' AND ')}
        ${order}
        LIMIT ${options.probeRows}
      ) c
      WHERE ${Prisma.join([Prisma.sql`TRUE`, ...matches], ' AND ')}
      ${order}
      LIMIT ${filter.limit}`;
  }
  if (filter.search && filter.search.grams.length > 0) {
    // Bigrams go to the GIN index.
    where.push(Prisma.sql`c.search_grams @> ${filter.search.grams}::text[]`);
  }
  return Prisma.sql`
    SELECT c.id, c.priority::text AS priority, c.created_at
    FROM cases c
    WHERE ${Prisma.join([...where, ...matches], ' AND ')}
    ${order}
    LIMIT ${filter.limit}`;
}

export type NewCaseEvent = {
  caseId: string;
  kind: CaseEventKind;
  actorId: string | null;
  data: Prisma.InputJsonObject;
  public?: boolean;
};

export type NormalizedIdentifierInput = { kind: IdentifierKind; value: string; display: string };

@Injectable()
export class CasesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `work` in one transaction; the service passes the handle back to these methods. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(work);
  }

  findSummary(id: string, tx?: Tx): Promise<CaseSummaryRow | null> {
    return (tx ?? this.prisma.client).case.findUnique({
      where: { id },
      include: SUMMARY_INCLUDE,
      omit: SUMMARY_OMIT,
    });
  }

  async findSummaries(ids: string[]): Promise<CaseSummaryRow[]> {
    const rows = await this.prisma.client.case.findMany({
      where: { id: { in: ids } },
      include: SUMMARY_INCLUDE,
      // The search document is most of a case row and no summary shows it.
      omit: SUMMARY_OMIT,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row): row is CaseSummaryRow => row !== undefined);
  }

  findDetail(id: string): Promise<CaseDetailRow | null> {
    return this.prisma.client.case.findUnique({ where: { id }, include: DETAIL_INCLUDE });
  }

  async findIdByReceipt(receiptNumber: string): Promise<string | null> {
    const row = await this.prisma.client.case.findUnique({ where: { receiptNumber }, select: { id: true } });
    return row?.id ?? null;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.client.case.count({ where: { id } })) > 0;
  }

  /**
   * A search first walks the queue order for SEARCH_PROBE_ROWS rows. PostgreSQL estimates the rows
   * matching several bigrams as the product of their frequencies, which for digits is far off: the
   * fragment 2854 of a scam number in 2 % of the cases is estimated at 0.002 %, so it would fetch
   * and sort every match through the GIN index (docs/performance.md). A term that common fills the
   * page within the walk; a rarer one falls through to the index, which is then cheap.
   */
  async queue(filter: QueueFilter, options: { walkRows?: number } = {}): Promise<QueuePage> {
    if (filter.search && filter.search.grams.length === 0) {
      return this.walk(filter, options.walkRows ?? SEARCH_PROBE_ROWS);
    }
    // Searches run on the reports pool (its own connections and statement_timeout): a slow one never
    // holds a connection the queue and case pages need.
    const db = filter.search ? this.prisma.reports : this.prisma.client;
    if (filter.search) {
      const probed = await db.$queryRaw<QueueRow[]>(queueQuery(filter, { probeRows: SEARCH_PROBE_ROWS }));
      if (probed.length >= filter.limit) {
        return { rows: probed };
      }
    }
    return { rows: await db.$queryRaw<QueueRow[]>(queueQuery(filter)) };
  }

  /**
   * A search made only of one-character words (林, a single digit) has no bigram for the index to
   * look up, so it is answered by walking the queue order, at most `walkRows` rows per request: the
   * matches among them, and, when the walk stopped before the end, where the next page resumes. A
   * page may then hold fewer matches than asked (even none) with a cursor to continue, but every
   * request costs the same whatever the size of the table, and no match is skipped.
   */
  private async walk(filter: QueueFilter, walkRows: number): Promise<QueuePage> {
    const rows = await this.prisma.reports.$queryRaw<(QueueRow & { resume: boolean })[]>(
      queueQuery(filter, { walkRows }),
    );
    const hits = rows.filter((row) => !row.resume).map(({ resume: _resume, ...row }) => row);
    const last = rows.find((row) => row.resume);
    return {
      rows: hits,
      ...(last ? { resumeAfter: { priority: last.priority, createdAt: last.created_at, id: last.id } } : {}),
    };
  }

  /**
   * The dashboard's counts in one round trip, none of it a scan of cases: per (status, priority) and
   * per assignee of the open cases from the counters the database keeps (migration case_counters:
   * the slots of each key summed, at most a few hundred rows), and the open cases past their
   * follow-up date (it depends on the clock, so no counter can keep it) from the partial index over
   * open cases' follow-up dates. Exported SQL: see countsQuery().
   */
  async counts(userId: string, now: Date): Promise<QueueCounts> {
    const rows = await this.prisma.client.$queryRaw<CountsRow[]>(countsQuery(userId, now));
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
    const { count } = await tx.case.updateMany({
      where: { id, version },
      data: { ...data, version: { increment: 1 } },
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
   * then reads the first, so neither note is lost from search_text. false: no such case.
   */
  async lockCase(tx: Tx, id: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length === 1;
  }

  addEvent(tx: Tx, event: NewCaseEvent) {
    return tx.caseEvent.create({
      data: {
        caseId: event.caseId,
        kind: event.kind,
        actorId: event.actorId,
        public: event.public ?? false,
        data: event.data,
      },
      include: { actor: { select: { id: true, displayName: true } } },
    });
  }

  /** Rebuilds search_text/search_grams from the description, notes, contact and identifiers. */
  async refreshSearchDocument(tx: Tx, id: string): Promise<void> {
    // One query per table: Prisma loads relations in parallel, which a transaction's single
    // connection can only queue (pg warns, and pg 9 will refuse).
    const { receiptNumber } = await tx.case.findUniqueOrThrow({
      where: { id },
      select: { receiptNumber: true },
    });
    const intake = await tx.intake.findUnique({
      where: { caseId: id },
      select: { description: true, contact: true },
    });
    const events = await tx.caseEvent.findMany({
      where: { caseId: id, kind: { in: ['note', 'contact'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { kind: true, data: true },
    });
    const identifiers = await tx.caseIdentifier.findMany({
      where: { caseId: id },
      select: { identifier: { select: { kind: true, value: true, display: true } } },
    });
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
    await tx.case.update({
      where: { id },
      data: { searchText: document.text, searchGrams: document.grams },
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

  registryMatches(identifiers: { kind: IdentifierKind; value: string }[]) {
    if (identifiers.length === 0) {
      return Promise.resolve([]);
    }
    return this.prisma.client.registryEntry.findMany({
      where: { OR: identifiers.map(({ kind, value }) => ({ kind, value })) },
      select: { id: true, kind: true, value: true, source: true, note: true },
    });
  }

  /** Everything the timeline shows, each source on its own; the service merges and orders them. */
  async timeline(caseId: string) {
    const [events, triages, referrals] = await Promise.all([
      this.prisma.client.caseEvent.findMany({
        where: { caseId },
        include: { actor: { select: { id: true, displayName: true } } },
      }),
      this.prisma.client.triageResult.findMany({ where: { caseId } }),
      this.prisma.client.referral.findMany({
        where: { caseId },
        include: { window: { select: { nameJa: true, nameEn: true } } },
      }),
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
   * Upserts the identifiers (fixed order, as intake does, so concurrent writers cannot deadlock)
   * and links them to the case as the counselor's. Returns the identifier rows.
   */
  async linkIdentifiers(tx: Tx, caseId: string, identifiers: NormalizedIdentifierInput[]) {
    const sorted = [...identifiers].sort((a, b) =>
      a.kind === b.kind ? (a.value < b.value ? -1 : 1) : a.kind < b.kind ? -1 : 1,
    );
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO identifiers (id, kind, value, display)
      SELECT gen_random_uuid(), t.kind::"IdentifierKind", t.value, t.display
      FROM unnest(${sorted.map((i) => i.kind)}::text[], ${sorted.map((i) => i.value)}::text[],
                  ${sorted.map((i) => i.display)}::text[]) AS t(kind, value, display)
      ON CONFLICT (kind, value) DO UPDATE SET display = identifiers.display
      RETURNING id`;
    await tx.caseIdentifier.createMany({
      skipDuplicates: true,
      data: rows.map((row) => ({ caseId, identifierId: row.id, source: 'counselor' })),
    });
    return tx.caseIdentifier.findMany({
      where: { caseId, identifierId: { in: rows.map((row) => row.id) } },
      include: { identifier: true },
    });
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

  createLink(
    tx: Tx,
    link: { caseId: string; linkedCaseId: string; note: string | null; createdById: string },
  ) {
    return tx.caseLink.create({
      data: link,
      include: { to: { select: { id: true, receiptNumber: true, status: true, createdAt: true } } },
    });
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
}

export type SharedCaseRow = {
  identifier_id: string;
  id: string;
  receipt_number: string;
  status: CaseStatus;
  created_at: Date;
};
