import { Injectable } from '@nestjs/common';
import { prismaSql, sql } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

/** An open case whose next follow-up (its own, or an open referral's) has fallen due; its active assignee, if any. */
export type DueFollowUp = { caseId: string; assigneeId: string | null; dueAt: Date };

/** Where a batch of due follow-ups ends: the next batch starts after it. */
export type DueFollowUpKey = { dueAt: Date; caseId: string };

/**
 * Reads for the follow-up jobs. Nothing here writes: cases.next_follow_up_at is kept by the database
 * (migration case_next_follow_up) from the case's own date and its sent or acknowledged referrals'.
 */
@Injectable()
export class FollowupsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One batch of due follow-ups in (due date, case id) order, from the partial index over open cases'
   * next follow-up dates: each batch is one indexed range read, whatever the number of due cases.
   */
  async dueFollowUps(
    range: { from: Date; to: Date },
    after: DueFollowUpKey | undefined,
    limit: number,
  ): Promise<DueFollowUp[]> {
    const keyset = after
      ? sql`AND (c.next_follow_up_at, c.id) > (${after.dueAt}::timestamptz, ${after.caseId}::uuid)`
      : sql``;
    const rows = await this.prisma.client.$queryRaw<
      { id: string; assignee_id: string | null; next_follow_up_at: Date }[]
    >(
      prismaSql(sql`
        SELECT c.id, u.id AS assignee_id, c.next_follow_up_at
        FROM cases c
        -- A deactivated assignee is nobody to tell: the case then goes to the supervisors.
        LEFT JOIN users u ON u.id = c.assignee_id AND u.active
        WHERE c.status <> 'closed'::"CaseStatus" AND c.next_follow_up_at IS NOT NULL
          AND c.next_follow_up_at > ${range.from} AND c.next_follow_up_at <= ${range.to} ${keyset}
        ORDER BY c.next_follow_up_at ASC, c.id ASC
        LIMIT ${limit}`),
    );
    return rows.map((row) => ({ caseId: row.id, assigneeId: row.assignee_id, dueAt: row.next_follow_up_at }));
  }
}
