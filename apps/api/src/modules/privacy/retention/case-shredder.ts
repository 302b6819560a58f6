import { Injectable, Logger } from '@nestjs/common';
import {
  CASE_SHREDDED_MESSAGE,
  EVIDENCE_DERIVATIVE_KINDS,
  LEGAL_HOLD_REFUSED_MESSAGE,
  SHRED_EVIDENCE_REASONS,
  type TShredTrigger,
} from '@madoguchi/shared';
import { Clock } from '../../../common/clock';
import { AppError } from '../../../common/errors/app-error';
import { AuditService } from '../../audit/audit.service';
import { CasesRepository } from '../../cases/cases.repository';
import { EvidenceRepository } from '../../evidence/evidence.repository';
import { EvidenceStore, storageKey, type EvidenceKey } from '../../evidence/evidence-store';
import { IntakeRepository } from '../../intake/intake.repository';
import { PartnerLinksRepository } from '../../referrals/partner-links.repository';
import { ReferralsRepository } from '../../referrals/referrals.repository';
import { SupervisionRepository } from '../../supervision/supervision.repository';
import { PersonRequestsRepository } from '../person-requests/person-requests.repository';

export type ShredInput = {
  trigger: TShredTrigger;
  /** The staff member who completed the person's request; none for the retention job. */
  actorId?: string;
  /** The person's deletion request this completes (issue 17 item 3), for the audit row. */
  requestId?: string;
};

/** How many personal values were removed (never which), and how many evidence files were deleted. */
export type ShredResult = { fields: number; files: number };

/**
 * Shreds a case's personal data and keeps what the statistics read. In one transaction, under the case's row
 * lock: the intake's description, contact details, identifiers as typed and raw submission; the person's words
 * triage quoted as evidence (phrases, 「…」 reasons, life-stage cues); the free text of the case's events (notes, contact summaries, public messages, the person's replies, reasons), its summary, search
 * text and bigrams, its identifier links (and identifiers no other case has), case-link notes, referrals' reasons
 * and outcome notes, status-change notes, partner-link notes, review comments and the person's request texts; every evidence file becomes a
 * tombstone (name replaced by its kind, hash kept). The case is marked shredded and `case.shred` is audited with
 * the class, trigger and counts only. After the commit the files' originals and derived copies leave the store.
 *
 * Category, urgency, priority, channel, age, prefecture, caller relation, status, dates, safety flags, triage's
 * urgency, categories, recommendations, signal codes and rule ids, referral windows/statuses/dates and
 * disclosures stay. Refuses a case on legal hold (409
 * legal_hold) and one already shredded (409 case_shredded).
 */
@Injectable()
export class CaseShredder {
  private readonly logger = new Logger(CaseShredder.name);

  constructor(
    private readonly cases: CasesRepository,
    private readonly intakes: IntakeRepository,
    private readonly referrals: ReferralsRepository,
    private readonly partnerLinks: PartnerLinksRepository,
    private readonly reviews: SupervisionRepository,
    private readonly evidence: EvidenceRepository,
    private readonly personRequests: PersonRequestsRepository,
    private readonly store: EvidenceStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async shred(caseId: string, input: ShredInput): Promise<ShredResult> {
    const at = this.clock.now();
    const { fields, files, fileIds } = await this.cases.transaction(async (tx) => {
      const state = await this.cases.lockRetention(tx, caseId);
      if (!state) {
        throw new AppError('not_found', { message: 'No such case' });
      }
      if (state.retentionClass === 'legal_hold') {
        throw new AppError('conflict', {
          message: 'The case is on legal hold and cannot be shredded',
          userMessage: LEGAL_HOLD_REFUSED_MESSAGE,
          details: { reason: 'legal_hold' },
        });
      }
      if (state.shreddedAt !== null) {
        throw new AppError('conflict', {
          message: 'The case was already shredded',
          userMessage: CASE_SHREDDED_MESSAGE,
          details: { reason: 'case_shredded' },
        });
      }
      const counts = [
        await this.intakes.shred(tx, caseId),
        await this.cases.shredCase(tx, caseId, at),
        await this.referrals.shredFreeText(tx, caseId),
        await this.partnerLinks.shredNotes(tx, caseId),
        await this.reviews.shredComments(tx, caseId),
        // The person's own words in their correction or deletion requests (the requests' kinds and dates stay).
        await this.personRequests.clearTexts(tx, caseId),
      ];
      const tombstoned = await this.evidence.markCaseShredded(tx, {
        caseId,
        at,
        byId: input.actorId ?? null,
        reason: SHRED_EVIDENCE_REASONS[input.trigger],
      });
      const result = {
        fields: counts.reduce((sum, n) => sum + n, 0),
        files: tombstoned.newlyDeleted,
        fileIds: tombstoned.fileIds,
      };
      // Counts, class and trigger only: the audit log is append-only and never holds a personal value.
      await this.audit.record(
        {
          action: 'case.shred',
          entity: 'case',
          entityId: caseId,
          caseId,
          meta: {
            retentionClass: state.retentionClass,
            trigger: input.trigger,
            fields: result.fields,
            files: result.files,
            ...(input.requestId ? { requestId: input.requestId } : {}),
          },
          ...(input.actorId === undefined ? { actor: { id: null, role: 'system' } } : {}),
        },
        tx,
      );
      return result;
    });
    await this.removeBlobs(caseId, fileIds);
    return { fields, files };
  }

  /**
   * The originals and derived copies of the case's files, then whatever else the store holds under the case (an
   * orphan a failed removal left). A failure is logged, never undoes the shredding: the rows no longer name the
   * blob, and the retention job's sweep of recently shredded cases (removeStoredFiles) tries again.
   */
  private async removeBlobs(caseId: string, fileIds: string[]): Promise<void> {
    const keys: EvidenceKey[] = fileIds.flatMap((fileId) => [
      { caseId, fileId },
      ...EVIDENCE_DERIVATIVE_KINDS.map((derived) => ({ caseId, fileId, derived })),
    ]);
    const remove = async (key: EvidenceKey): Promise<void> => {
      try {
        await this.store.remove(key);
      } catch (error) {
        this.logger.error(
          `Evidence ${storageKey(key)} of shredded case could not be removed from the ${this.store.name} store ` +
            `(remove it by hand): ${(error as Error).message}`,
        );
      }
    };
    for (const key of keys) {
      await remove(key);
    }
    await this.removeStoredFiles(caseId);
  }

  /**
   * Removes every file the store still holds under a shredded case (originals and derived copies), e.g. left by
   * a process that stopped between the shredding's commit and the removal. Returns how many it removed.
   */
  async removeStoredFiles(caseId: string): Promise<number> {
    let removed = 0;
    const left = await this.store.list(caseId).catch((error: unknown) => {
      this.logger.error(`Could not list the stored files of shredded case ${caseId}: ${String(error)}`);
      return [] as string[];
    });
    for (const name of left) {
      const match = /^[0-9a-f-]{36}\/([0-9a-f-]{36})(?:\.(\w+))?$/.exec(name);
      const derived = EVIDENCE_DERIVATIVE_KINDS.find((kind) => kind === match?.[2]);
      if (match && (match[2] === undefined || derived)) {
        const key: EvidenceKey = { caseId, fileId: match[1]!, ...(derived ? { derived } : {}) };
        try {
          await this.store.remove(key);
          removed += 1;
        } catch (error) {
          this.logger.error(
            `Evidence ${storageKey(key)} of shredded case could not be removed from the ${this.store.name} store ` +
              `(remove it by hand): ${(error as Error).message}`,
          );
        }
      }
    }
    return removed;
  }
}
