import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma, type CaseReviewVerdict, type CaseStatus, type Urgency } from '@madoguchi/db';
import { REVIEW_SAMPLE_SHARE, type TReviewReason } from '@madoguchi/shared';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { sealOptionalText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';

type Tx = Prisma.TransactionClient;

export type WorkloadRow = {
  assignee_id: string | null;
  priority: Urgency;
  open: number;
  under1d: number;
  days1to7: number;
  over7d: number;
};
export type OverdueRow = { assignee_id: string | null; overdue: number };
export type StaffRow = { id: string; displayName: string; role: string; active: boolean };

export type ReviewCandidateRow = {
  id: string;
  receipt_number: string;
  status: CaseStatus;
  urgency: Urgency;
  priority: Urgency;
  /** The confirmed categories, else triage's suggestion. */
  categories: string[];
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  emergency: boolean;
  closed_without_referral: boolean;
  triage_overridden: boolean;
  sample: boolean;
};

/** The predicate of the partial open-case indexes (cases_open_*), written as they are, so the planner uses them. */
const OPEN = Prisma.sql`c.status <> 'closed'::"CaseStatus"`;

/** The review queue narrowed to one reason (a column of the query below). */
const REASON_FILTERS: Record<TReviewReason, Prisma.Sql> = {
  emergency: Prisma.sql`AND f.emergency`,
  closed_without_referral: Prisma.sql`AND f.closed_without_referral`,
  triage_overridden: Prisma.sql`AND f.triage_overridden`,
  sample: Prisma.sql`AND f.sample`,
};

/**
 * The supervisors' reads over everyone's cases (SQL aggregates, never the rows of all cases) and the one
 * writer of case_reviews.
 */
@Injectable()
export class SupervisionRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  /**
   * Open cases per (assignee, priority) and age. Only open cases are read, through the partial index over them
   * (cases_open_assignee_queue_idx holds every column used): the cost follows the open workload, not the years
   * of closed history.
   */
  async workload(now: Date): Promise<{ rows: WorkloadRow[]; overdue: OverdueRow[] }> {
    const day = new Date(now.getTime() - 24 * 3600_000);
    const week = new Date(now.getTime() - 7 * 24 * 3600_000);
    const db = this.prisma.replica;
    const [rows, overdue] = await Promise.all([
      db.$queryRaw<WorkloadRow[]>`
        SELECT c.assignee_id, c.priority,
          count(*)::int AS open,
          count(*) FILTER (WHERE c.created_at > ${day})::int AS under1d,
          count(*) FILTER (WHERE c.created_at <= ${day} AND c.created_at > ${week})::int AS days1to7,
          count(*) FILTER (WHERE c.created_at <= ${week})::int AS over7d
        FROM cases c
        WHERE ${OPEN}
        GROUP BY c.assignee_id, c.priority`,
      // The overdue follow-ups through their own partial index (cases_open_next_follow_up_idx), as the queue counts them.
      db.$queryRaw<OverdueRow[]>`
        SELECT c.assignee_id, count(*)::int AS overdue
        FROM cases c
        WHERE ${OPEN} AND c.next_follow_up_at IS NOT NULL AND c.next_follow_up_at < ${now}
        GROUP BY c.assignee_id`,
    ]);
    return { rows, overdue };
  }

  /** Active staff who take cases, and anyone else named (an assignee since deactivated). */
  staff(alsoIds: string[]): Promise<StaffRow[]> {
    return this.prisma.replica.user.findMany({
      where: { OR: [{ active: true, role: { in: ['counselor', 'supervisor'] } }, { id: { in: alsoIds } }] },
      select: { id: true, displayName: true, role: true, active: true },
      orderBy: { displayName: 'asc' },
    });
  }

  /**
   * The review queue's candidates: cases that came in or were closed since `since` (the created_at and
   * (closed_at, created_at) indexes), not reviewed yet, each with the reasons it is one. The sample is drawn
   * from each counselor's cases closed since `since`, reviewed or not, ordered by a hash of the id: the same
   * cases each time, so reviewing the sampled case does not draw another in its place.
   */
  async reviewCandidates(input: {
    since: Date;
    reason?: TReviewReason;
    caseId?: string;
    limit: number;
  }): Promise<ReviewCandidateRow[]> {
    const { since } = input;
    const only = input.caseId === undefined ? Prisma.empty : Prisma.sql`AND c.id = ${input.caseId}::uuid`;
    const unreviewed =
      input.caseId === undefined
        ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM case_reviews r WHERE r.case_id = c.id)`
        : Prisma.empty;
    const reason = input.reason === undefined ? Prisma.empty : REASON_FILTERS[input.reason];
    return this.prisma.reports.$queryRaw<ReviewCandidateRow[]>`
      WITH sampled AS (
        SELECT s.id FROM (
          SELECT c.id,
            row_number() OVER (PARTITION BY c.assignee_id ORDER BY md5(c.id::text)) AS n,
            count(*) OVER (PARTITION BY c.assignee_id) AS total
          FROM cases c
          WHERE c.status = 'closed'::"CaseStatus" AND c.closed_at >= ${since} AND c.assignee_id IS NOT NULL
        ) s
        WHERE s.n <= ceil(s.total * ${REVIEW_SAMPLE_SHARE}::float8)
      ), flagged AS (
        SELECT c.id, c.receipt_number, c.status, c.urgency, c.priority,
          coalesce(nullif(c.confirmed_categories, '{}'), c.suggested_categories, '{}') AS categories,
          c.assignee_id, c.created_at, c.closed_at,
          (c.urgency = 'emergency'::"Urgency" OR c.priority = 'emergency'::"Urgency") AS emergency,
          (c.status = 'closed'::"CaseStatus" AND NOT EXISTS (
            SELECT 1 FROM referrals f
            WHERE f.case_id = c.id AND f.status NOT IN ('draft'::"ReferralStatus", 'cancelled'::"ReferralStatus")
          )) AS closed_without_referral,
          (coalesce(c.triage_overridden, false) OR c.priority <> c.urgency) AS triage_overridden,
          (c.id IN (SELECT id FROM sampled)) AS sample
        FROM cases c
        WHERE (c.created_at >= ${since} OR c.closed_at >= ${since}) ${only} ${unreviewed}
      )
      SELECT f.*, u.display_name AS assignee_name
      FROM flagged f LEFT JOIN users u ON u.id = f.assignee_id
      WHERE (f.emergency OR f.closed_without_referral OR f.triage_overridden OR f.sample) ${reason}
      ORDER BY f.emergency DESC, coalesce(f.closed_at, f.created_at), f.id
      LIMIT ${input.limit}`;
  }

  caseExists(id: string): Promise<{ id: string } | null> {
    return this.prisma.client.case.findUnique({ where: { id }, select: { id: true } });
  }

  /** Whether the case has been reviewed (its comment, encrypted, is not read). */
  findReview(caseId: string) {
    return this.prisma.client.caseReview.findUnique({ where: { caseId }, select: { id: true } });
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(work);
  }

  /** A new review; its comment is written encrypted under the review's id (free-texts.ts) and returned as given. */
  async createReview(
    tx: Tx,
    review: {
      caseId: string;
      reviewerId: string;
      verdict: CaseReviewVerdict;
      comment: string | null;
      reasons: string[];
    },
  ) {
    const id = randomUUID();
    const created = await tx.caseReview.create({
      data: { ...review, id, comment: sealOptionalText(this.crypto, 'reviewComment', id, review.comment) },
    });
    return { ...created, comment: review.comment };
  }

  /**
   * Shreds the supervisor's comment on a case's review in the caller's transaction (CaseShredder); the verdict
   * and its reasons stay. Returns how many comments were removed.
   */
  async shredComments(tx: Prisma.TransactionClient, caseId: string): Promise<number> {
    return tx.$executeRaw`
      UPDATE case_reviews SET comment = NULL WHERE case_id = ${caseId}::uuid AND comment IS NOT NULL AND comment <> ''`;
  }
}
