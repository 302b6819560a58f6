import { Injectable, Logger } from '@nestjs/common';
import { CASE_SHREDDED_MESSAGE, type TCaseRetention, type TSetRetention } from '@madoguchi/shared';
import { Clock } from '../../../common/clock';
import type { AuthUser } from '../../../common/context/request-context';
import { AppError } from '../../../common/errors/app-error';
import { ApiConfig } from '../../../config/api-config';
import { AuditService } from '../../audit/audit.service';
import { CasesRepository } from '../../cases/cases.repository';
import { CaseShredder } from './case-shredder';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How far back each run looks for files a shredding left in the store (a process stopped between its commit and
 * the removal): a week of daily runs.
 */
const SWEEP_DAYS = 7;

/** What one retention run did: counts only. */
export type RetentionRunResult = {
  cases: number;
  fields: number;
  files: number;
  skipped: number;
  failed: number;
  /** Files found still stored under cases shredded in the last SWEEP_DAYS, and removed. */
  leftovers: number;
};

/**
 * Retention classes and legal holds (set by admins and supervisors), and the daily shredding of closed cases past
 * their class's period (RETENTION_STANDARD_DAYS / RETENTION_SHORT_DAYS after closure).
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly cases: CasesRepository,
    private readonly shredder: CaseShredder,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ApiConfig,
  ) {}

  async get(caseId: string): Promise<TCaseRetention> {
    const row = await this.cases.findSummary(caseId);
    if (!row) {
      throw new AppError('not_found', { message: 'No such case' });
    }
    return toRetention(row);
  }

  /**
   * Sets the class; `legal_hold` with its reason, when and by whom (releasing clears them). A shredded case
   * refuses (409 case_shredded): there is nothing left to keep. Audited with the classes and the reason's length.
   */
  async set(args: { caseId: string; body: TSetRetention; user: AuthUser }): Promise<TCaseRetention> {
    const { caseId, body, user } = args;
    const hold = body.retentionClass === 'legal_hold';
    await this.cases.transaction(async (tx) => {
      const state = await this.cases.lockRetention(tx, caseId);
      if (!state) {
        throw new AppError('not_found', { message: 'No such case' });
      }
      if (state.shreddedAt !== null) {
        throw new AppError('conflict', {
          message: 'The case was shredded',
          userMessage: CASE_SHREDDED_MESSAGE,
          details: { reason: 'case_shredded' },
        });
      }
      await this.cases.setRetention(tx, caseId, {
        retentionClass: body.retentionClass,
        legalHoldReason: hold ? (body.reason ?? '') : null,
        legalHoldAt: hold ? this.clock.now() : null,
        legalHoldById: hold ? user.id : null,
      });
      // The reason may name people or proceedings: the audit log gets its length only.
      await this.audit.record(
        {
          action: 'case.retention_changed',
          entity: 'case',
          entityId: caseId,
          caseId,
          meta: {
            from: state.retentionClass,
            to: body.retentionClass,
            reasonLength: hold ? (body.reason ?? '').length : 0,
          },
        },
        tx,
      );
    });
    return this.get(caseId);
  }

  /**
   * Shreds the closed cases past their class's period, not on hold and not shredded, oldest closure first, in
   * batches, each case in its own transaction. Resumable: a shredded case leaves the selection, so a run that
   * stops half-way is finished by the next; a case that fails (or was put on hold meanwhile) is passed over in this
   * run and tried again in the next; files left in the store by a shredding that stopped after its commit are
   * removed by the next runs (SWEEP_DAYS). The run is audited with its counts.
   */
  async shredDue(): Promise<RetentionRunResult> {
    const now = this.clock.now().getTime();
    const env = this.config.env;
    const standardBefore = new Date(now - env.RETENTION_STANDARD_DAYS * DAY_MS);
    const shortBefore = new Date(now - env.RETENTION_SHORT_DAYS * DAY_MS);
    const result: RetentionRunResult = { cases: 0, fields: 0, files: 0, skipped: 0, failed: 0, leftovers: 0 };
    // First the files an earlier shredding could not remove (its process stopped after the commit).
    for (const id of await this.cases.findShreddedSince(new Date(now - SWEEP_DAYS * DAY_MS))) {
      result.leftovers += await this.shredder.removeStoredFiles(id);
    }
    let after: { closedAt: Date; id: string } | null = null;
    for (;;) {
      const batch = await this.cases.findRetentionDue({
        standardBefore,
        shortBefore,
        after,
        limit: env.RETENTION_BATCH_SIZE,
      });
      for (const due of batch) {
        try {
          const shredded = await this.shredder.shred(due.id, { trigger: 'retention' });
          result.cases += 1;
          result.fields += shredded.fields;
          result.files += shredded.files;
        } catch (error) {
          if (error instanceof AppError && error.code === 'conflict') {
            // Put on hold or shredded by a person's request since the batch was read.
            result.skipped += 1;
          } else {
            result.failed += 1;
            this.logger.error(`Shredding case ${due.id} failed: ${(error as Error).message}`);
          }
        }
      }
      if (batch.length < env.RETENTION_BATCH_SIZE) {
        break;
      }
      after = batch[batch.length - 1]!;
    }
    await this.audit.record({
      action: 'retention.run',
      entity: 'retention',
      meta: {
        ...result,
        standardDays: env.RETENTION_STANDARD_DAYS,
        shortDays: env.RETENTION_SHORT_DAYS,
      },
      actor: { id: null, role: 'system' },
    });
    return result;
  }
}

function toRetention(row: {
  retentionClass: TCaseRetention['retentionClass'];
  legalHoldReason: string | null;
  legalHoldAt: Date | null;
  legalHoldById: string | null;
  shreddedAt: Date | null;
}): TCaseRetention {
  return {
    retentionClass: row.retentionClass,
    legalHold:
      row.retentionClass === 'legal_hold' && row.legalHoldAt
        ? { reason: row.legalHoldReason ?? '', at: row.legalHoldAt.toISOString(), byId: row.legalHoldById }
        : null,
    shreddedAt: row.shreddedAt?.toISOString() ?? null,
  };
}
