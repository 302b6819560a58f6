import { Injectable } from '@nestjs/common';
import {
  Prisma,
  type CaseEventKind,
  type CaseStatus,
  type Channel,
  type IdentifierKind,
  type Urgency,
} from '@madoguchi/db';
import { buildSearchDocument, escapeLike, SHARED_CASES_SHOWN } from '@madoguchi/shared';
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
export function queueQuery(filter: QueueFilter, options: { probeRows?: number } = {}): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.statuses?.length) {
    where.push(Prisma.sql`c.status = ANY(${filter.statuses}::"CaseStatus"[])`);
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
  async queue(filter: QueueFilter): Promise<QueueRow[]> {
    if (filter.search && filter.search.grams.length > 0) {
      const probed = await this.prisma.client.$queryRaw<QueueRow[]>(
        queueQuery(filter, { probeRows: SEARCH_PROBE_ROWS }),
      );
      if (probed.length >= filter.limit) {
        return probed;
      }
    }
    return this.prisma.client.$queryRaw<QueueRow[]>(queueQuery(filter));
  }

  /** One pass over the table, grouped: small desks have thousands of cases, not millions. */
  counts(userId: string, now: Date) {
    return this.prisma.client.$queryRaw<
      {
        status: CaseStatus;
        priority: Urgency;
        total: number;
        unassigned: number;
        mine: number;
        overdue: number;
      }[]
    >`
      SELECT status::text AS status, priority::text AS priority, count(*)::int AS total,
        count(*) FILTER (WHERE assignee_id IS NULL)::int AS unassigned,
        count(*) FILTER (WHERE assignee_id = ${userId}::uuid)::int AS mine,
        count(*) FILTER (WHERE follow_up_at < ${now})::int AS overdue
      FROM cases
      GROUP BY status, priority`;
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
