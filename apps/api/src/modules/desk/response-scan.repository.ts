import { Injectable } from '@nestjs/common';
import { prismaSql, sql } from '@madoguchi/db';
import type { TUrgency } from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';

/** An open, unanswered case with its stored response due time, and its active assignee if any. */
export type AwaitingCase = {
  id: string;
  priority: TUrgency;
  createdAt: Date;
  dueAt: Date;
  assigneeId: string | null;
};

/** Reads for the response.scan job (it writes nothing but notifications, through NotificationsService). */
@Injectable()
export class ResponseScanRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One batch of open, unanswered cases due in (from, to], soonest first, after `after`: a range of the index
   * over the stored due times (cases_open_response_due_idx), whatever the number of open cases.
   */
  async dueBetween(
    range: { from: Date; to: Date },
    after: AwaitingCase | undefined,
    limit: number,
  ): Promise<AwaitingCase[]> {
    const keyset = after
      ? sql`AND (c.response_due_at, c.id) > (${after.dueAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const rows = await this.prisma.client.$queryRaw<
      {
        id: string;
        priority: TUrgency;
        created_at: Date;
        response_due_at: Date;
        assignee_id: string | null;
      }[]
    >(
      prismaSql(sql`
        SELECT c.id, c.priority::text AS priority, c.created_at, c.response_due_at, u.id AS assignee_id
        FROM cases c
        LEFT JOIN users u ON u.id = c.assignee_id AND u.active
        WHERE c.status <> 'closed'::"CaseStatus" AND c.first_response_at IS NULL
          AND c.response_due_at > ${range.from} AND c.response_due_at <= ${range.to} ${keyset}
        ORDER BY c.response_due_at ASC, c.id ASC
        LIMIT ${limit}`),
    );
    return rows.map((row) => ({
      id: row.id,
      priority: row.priority,
      createdAt: row.created_at,
      dueAt: row.response_due_at,
      assigneeId: row.assignee_id,
    }));
  }

  /**
   * Who already has each response notification of these cases, by `kind|key` (the keys the scan gives them):
   * through the notifications' case index, one statement per batch.
   */
  async notified(caseIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows = await this.prisma.client.$queryRaw<{ kind: string; key: string; recipient_id: string }[]>(
      prismaSql(sql`
        SELECT n.kind::text AS kind, n.key, n.recipient_id
        FROM notifications n
        WHERE n.case_id = ANY(${[...caseIds]}::uuid[])
          AND n.kind IN ('response.due_soon'::"NotificationKind", 'response.overdue'::"NotificationKind")
          AND n.key IS NOT NULL`),
    );
    const notified = new Map<string, Set<string>>();
    for (const row of rows) {
      const id = `${row.kind}|${row.key}`;
      notified.set(id, (notified.get(id) ?? new Set()).add(row.recipient_id));
    }
    return notified;
  }
}
