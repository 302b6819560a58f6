import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { ApiConfig } from '../../config/api-config';
import { NotificationsService } from '../notifications/notifications.service';
import { FollowupsRepository, type DueFollowUp, type DueFollowUpKey } from './followups.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Cases read per statement: 10,000 due follow-ups are 20 indexed range reads. */
export const FOLLOWUP_SCAN_BATCH = 500;
/** notify() calls in flight at once: enough to overlap round trips, few enough to leave the pool to requests. */
const NOTIFY_CONCURRENCY = 2;

/**
 * Once per case and due date. The case is part of the key because notifications are unique per (recipient,
 * kind, key): two of one counselor's cases due at the same minute (a date picked in the form) are two notices.
 */
export function followUpKey(caseId: string, dueAt: Date): string {
  return `${caseId}/${dueAt.toISOString()}`;
}

export type FollowupScanResult = { due: number; failed: number };

/**
 * Follow-ups that act: finds the open cases whose next follow-up (their own date, or a sent or
 * acknowledged referral's) has fallen due and tells the assignee, or the supervisors while nobody is
 * assigned. Each notification is keyed by the case and its due date, so a re-run scan (or two processes) tells
 * nobody twice, and a new date notifies again.
 */
@Injectable()
export class FollowupsService {
  private readonly logger = new Logger(FollowupsService.name);

  constructor(
    private readonly repository: FollowupsRepository,
    private readonly notifications: NotificationsService,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
  ) {}

  /** One scan at the clock's now. A notify() that fails is logged and counted; the scan goes on and then throws (the job retries). */
  async scan(): Promise<FollowupScanResult> {
    const now = this.clock.now();
    const range = {
      from: new Date(now.getTime() - this.config.env.FOLLOWUP_SCAN_LOOKBACK_DAYS * DAY_MS),
      to: now,
    };
    let after: DueFollowUpKey | undefined;
    const result: FollowupScanResult = { due: 0, failed: 0 };
    for (;;) {
      const batch = await this.repository.dueFollowUps(range, after, FOLLOWUP_SCAN_BATCH);
      result.due += batch.length;
      result.failed += await this.notifyAll(batch);
      const last = batch.at(-1);
      if (!last || batch.length < FOLLOWUP_SCAN_BATCH) {
        break;
      }
      after = { dueAt: last.dueAt, caseId: last.caseId };
    }
    if (result.failed > 0) {
      throw new Error(`${result.failed} of ${result.due} follow-up notifications failed`);
    }
    return result;
  }

  private async notifyAll(batch: readonly DueFollowUp[]): Promise<number> {
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < batch.length) {
        const item = batch[next++]!;
        try {
          await this.notifications.notify({
            kind: 'followup.due',
            caseId: item.caseId,
            to: item.assigneeId ? { userIds: [item.assigneeId] } : { roles: ['supervisor'] },
            key: followUpKey(item.caseId, item.dueAt),
          });
        } catch (error) {
          failed++;
          this.logger.warn(`followup.due for case ${item.caseId} failed: ${String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(NOTIFY_CONCURRENCY, batch.length) }, worker));
    return failed;
  }
}
