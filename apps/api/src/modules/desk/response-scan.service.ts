import { Injectable, Logger } from '@nestjs/common';
import type { TNotificationKind } from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { ApiConfig } from '../../config/api-config';
import { CasesService, RESPONSE_DUE_BATCH } from '../cases/cases.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ResponseScanRepository, type AwaitingCase } from './response-scan.repository';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const BATCH = 500;
/** A target missed longer ago than this is not reported again (it was, when it was missed). */
const OVERDUE_REPORT_DAYS = 7;

export type ResponseScanResult = { dueSoon: number; overdue: number };

/**
 * Response targets that act: finds the open, unanswered cases whose target is about to be missed (at most
 * RESPONSE_DUE_SOON_RATIO of the time from arrival to due left, and at most RESPONSE_DUE_SOON_MINUTES) or
 * missed, and tells the assignee and the supervisors, once per case and due time.
 *
 * It reads the stored due times (cases.response_due_at, computed with the desk's hours and holidays by
 * CasesService.refreshResponseDue, which it runs first), so each scan reads only the cases due in the next
 * RESPONSE_DUE_SOON_MINUTES or missed in the last OVERDUE_REPORT_DAYS, not every open case.
 */
@Injectable()
export class ResponseScanService {
  private readonly logger = new Logger(ResponseScanService.name);

  constructor(
    private readonly repository: ResponseScanRepository,
    private readonly cases: CasesService,
    private readonly notifications: NotificationsService,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
  ) {}

  async scan(): Promise<ResponseScanResult> {
    // The due times the database cleared (new cases, priority changes, new desk settings), batch by batch,
    // the statistics' response targets with them; after new desk settings, every case's target once. It goes on
    // while batches come back full: under a burst of intakes each further batch would hold the few cases made
    // since the last (25 updates in 6 s beside the intakes at a million cases); those wait for the next scan.
    while (
      (await this.cases.refreshResponseDue(RESPONSE_DUE_BATCH, { targets: true })) >= RESPONSE_DUE_BATCH
    ) {
      // next batch
    }
    await this.cases.refreshStaleResponseTargets();
    const now = this.clock.now();
    const range = {
      from: new Date(now.getTime() - OVERDUE_REPORT_DAYS * DAY_MS),
      to: new Date(now.getTime() + this.config.env.RESPONSE_DUE_SOON_MINUTES * MINUTE_MS),
    };
    const result: ResponseScanResult = { dueSoon: 0, overdue: 0 };
    let failed = 0;
    let after: AwaitingCase | undefined;
    const supervisors = await this.notifications.recipientIds({ roles: ['supervisor'] });
    for (;;) {
      const batch = await this.repository.dueBetween(range, after, BATCH);
      // A case stays overdue for days and is read by every scan: those whose every recipient has the notification
      // already are passed over here (one statement a batch), not sent again to be refused by the unique key (four
      // statements a case, thousands a minute at a million cases). A new assignee or supervisor still gets it.
      const notified =
        batch.length === 0 ? new Map() : await this.repository.notified(batch.map((c) => c.id));
      for (const c of batch) {
        const kind = this.kindFor(c, now);
        if (!kind) {
          continue;
        }
        result[kind === 'response.overdue' ? 'overdue' : 'dueSoon'] += 1;
        // The case too: notifications are unique per (recipient, kind, key), and due times coincide.
        const key = `${c.id}/${c.dueAt.toISOString()}`;
        const have = notified.get(`${kind}|${key}`);
        if (have && [...supervisors, ...(c.assigneeId ? [c.assigneeId] : [])].every((id) => have.has(id))) {
          continue;
        }
        try {
          await this.notifications.notify({
            kind,
            caseId: c.id,
            to: { userIds: c.assigneeId ? [c.assigneeId] : [], roles: ['supervisor'] },
            key,
          });
        } catch (error) {
          failed++;
          this.logger.warn(`${kind} for case ${c.id} failed: ${String(error)}`);
        }
      }
      if (batch.length < BATCH) {
        break;
      }
      after = batch.at(-1);
    }
    if (failed > 0) {
      throw new Error(`${failed} response-target notifications failed`);
    }
    return result;
  }

  private kindFor(c: AwaitingCase, now: Date): TNotificationKind | null {
    const leftMs = c.dueAt.getTime() - now.getTime();
    if (leftMs < 0) {
      return 'response.overdue';
    }
    const { RESPONSE_DUE_SOON_RATIO: ratio, RESPONSE_DUE_SOON_MINUTES: minutes } = this.config.env;
    const soon = Math.min(ratio * (c.dueAt.getTime() - c.createdAt.getTime()), minutes * MINUTE_MS);
    return leftMs <= soon ? 'response.due_soon' : null;
  }
}
