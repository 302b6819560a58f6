import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  buildSearchDocument,
  canonicalAccessCode,
  canonicalReceiptNumber,
  CASE_STATUS_LABELS,
  collectIntakeIdentifiers,
  FURIGANA_MAX_AGE,
  ZEvidenceKind,
  normalizeIntake,
  type TIntake,
  type TIntakeDraft,
  type TIntakeReceipt,
  type TIntakeStatus,
  type TIntakeStatusRequest,
  type TConversationEntry,
  type TPersonReply,
  type TTriageResult,
} from '@madoguchi/shared';
import { prepareTextAnalysis, triage } from '@madoguchi/shared/triage';
import { clientIp } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { CaseWorkflowService } from '../cases/case-workflow.service';
import { DeskService } from '../desk/desk.service';
import { NotificationsService } from '../notifications/notifications.service';
import { BackoffService } from '../security/backoff.service';
import { WindowsService } from '../windows/windows.service';
import { AccessCodeHasher, newAccessCode, newReceiptNumber } from './access-codes';
import type { IdempotencyContext } from './idempotency';
import { IntakeRepository, isUniqueViolation, type NewIntakeCase, type StatusRow } from './intake.repository';

const WRONG_CREDENTIALS = {
  ja: '受付番号またはアクセスコードが違います。紙に控えた番号をもう一度確かめてください。何度か続けて違った場合は、数分おいてからお試しください。',
  en: 'The receipt number or access code is not right. Please check what you wrote down. After several misses, wait a few minutes before trying again.',
};

@Injectable()
export class IntakeService implements OnModuleInit {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly repository: IntakeRepository,
    private readonly windows: WindowsService,
    private readonly backoff: BackoffService,
    private readonly accessCodes: AccessCodeHasher,
    private readonly workflow: CaseWorkflowService,
    private readonly notifications: NotificationsService,
    private readonly desk: DeskService,
  ) {}

  /** Builds the triage lexicon's matcher before the first person types (tens of ms, a few MB). */
  onModuleInit(): void {
    prepareTextAnalysis();
  }

  async preview(draft: TIntakeDraft, now = new Date()): Promise<TTriageResult> {
    // The draft may still have an empty description; triage handles that (it falls back to general advice).
    return triage(normalizeIntake(draft as TIntake), await this.windows.directory(), now);
  }

  async submit(
    input: TIntake,
    idempotency: IdempotencyContext | undefined,
    now = new Date(),
  ): Promise<{ status: number; body: TIntakeReceipt }> {
    const intake = normalizeIntake(input);
    const result = triage(intake, await this.windows.directory(), now);
    const identifiers = collectIntakeIdentifiers(intake);
    // The response due time goes in with the case: computed later, it would rewrite the new row and every index.
    // Reading the settings (every 30 s) must never cost a person their intake: if it fails, the refresh does it.
    const response = await this.desk.intakeDue(result.urgency, now).catch((error: unknown) => {
      this.logger.warn(
        `Desk settings unreadable; the response due time is left to the refresh: ${String(error)}`,
      );
      return null;
    });
    // Everything is computed before the transaction, which then only writes (see IntakeRepository).
    // A receipt-number collision (1 in 2^40 per pair) aborts the transaction; draw again.
    for (let attempt = 1; ; attempt++) {
      const accessCode = newAccessCode();
      const body: TIntakeReceipt = { receiptNumber: newReceiptNumber(), accessCode, triage: result };
      const record: NewIntakeCase = {
        receiptNumber: body.receiptNumber,
        accessCodeHash: this.accessCodes.hash(accessCode),
        intake,
        raw: input,
        search: buildSearchDocument({
          receiptNumber: body.receiptNumber,
          description: intake.description,
          identifiers,
          contact: intake.contact,
        }),
        triage: result,
        receivedAt: now,
        response,
        identifiers,
        idempotency: idempotency && {
          keyHash: idempotency.keyHash,
          scope: idempotency.scope,
          requestHash: idempotency.requestHash,
          status: 201,
          reply: idempotency.seal(body),
        },
      };
      try {
        const outcome = await this.repository.createIntakeCase(record);
        if (outcome.created) {
          return { status: 201, body };
        }
        return this.replay(outcome.stored, idempotency!);
      } catch (error) {
        if (!isUniqueViolation(error, ['receipt_number']) || attempt >= 5) {
          throw error;
        }
      }
    }
  }

  private replay(
    stored: { requestHash: string; status: number; reply: Uint8Array },
    idempotency: IdempotencyContext,
  ): { status: number; body: TIntakeReceipt } {
    if (stored.requestHash !== idempotency.requestHash) {
      throw idempotencyKeyReused();
    }
    return { status: stored.status, body: idempotency.open(stored.reply) as TIntakeReceipt };
  }

  /** Deletes idempotency replies nobody can retry any more (the hourly housekeeping job); returns how many. */
  pruneIdempotency(): Promise<number> {
    return this.repository.pruneIdempotency();
  }

  /**
   * The person's status page. Unknown receipt, wrong code and an attempt during back-off all get the
   * same reply after the same work; back-off is per (receipt as typed, client address), so nobody
   * elsewhere can stop the person from looking up their own case.
   */
  async status(request: TIntakeStatusRequest): Promise<TIntakeStatus> {
    return this.statusOf(await this.authenticate(request));
  }

  /**
   * The case a receipt number and access code open, checked exactly like the status look-up (same back-off,
   * same failure), for modules acting for the person (evidence uploads). A merged duplicate opens its survivor.
   */
  async authenticatePerson(request: TIntakeStatusRequest): Promise<{ caseId: string }> {
    const row = await this.authenticate(request);
    return { caseId: row.mergedIntoId ?? row.id };
  }

  /**
   * For modules acting for the person on their status page (their data, their requests): the pair checked like a
   * look-up; the case it opens (`caseId`, a merged duplicate's survivor), the pair's own case (`pairCaseId`, whose
   * intake the person submitted) and the status page as it stands when `status()` is called.
   */
  async personView(
    request: TIntakeStatusRequest,
  ): Promise<{ caseId: string; pairCaseId: string; status: () => Promise<TIntakeStatus> }> {
    const row = await this.authenticate(request);
    return {
      caseId: row.mergedIntoId ?? row.id,
      pairCaseId: row.id,
      status: async () => this.statusOf(await this.refreshed(row)),
    };
  }

  /**
   * The case whose conversation a pair opens: the case itself, or the survivor it was merged into (a person who
   * submitted twice keeps both pairs working), with the duplicates merged into that case, whose messages and
   * replies belong to the same conversation.
   */
  private async conversationOf(row: StatusRow): Promise<StatusRow & { mergedIds: string[] }> {
    const target = await this.repository.findConversationCase(row.mergedIntoId ?? row.id);
    return target ?? { ...row, mergedIds: [] };
  }

  /**
   * The person answers the desk. Checked exactly like a status look-up (same back-off, same reply for a
   * wrong pair), then written through the case workflow in one transaction: the reply on the timeline, an
   * `awaiting_client` case back to `in_progress`, the audit rows (and the idempotency record, if a key came).
   * The assignee is told after the commit. The reply is the status page as it now stands.
   */
  async reply(
    request: TPersonReply,
    idempotency: IdempotencyContext | undefined,
  ): Promise<{ status: number; body: TIntakeStatus }> {
    const row = await this.authenticate(request);
    const record = idempotency && {
      keyHash: idempotency.keyHash,
      scope: idempotency.scope,
      requestHash: idempotency.requestHash,
      status: 201,
      reply: idempotency.seal({ receiptNumber: row.receiptNumber }),
    };
    // A merged duplicate's pair answers on the survivor, where the desk works.
    const target = await this.conversationOf(row);
    let outcome: Awaited<ReturnType<CaseWorkflowService['recordPersonReply']>>;
    try {
      outcome = await this.workflow.recordPersonReply({
        caseId: target.id,
        body: request.body,
        before: record && ((tx) => this.repository.insertIdempotency(tx, record)),
      });
    } catch (error) {
      if (!idempotency || !isUniqueViolation(error, ['idempotency_records', 'key_hash'])) {
        throw error;
      }
      // A retry of a reply already recorded (or its twin, racing): the reply is not written twice.
      const stored = await this.repository.findIdempotency(idempotency.keyHash);
      if (!stored || stored.requestHash !== idempotency.requestHash) {
        throw idempotencyKeyReused();
      }
      return { status: stored.status, body: await this.statusOf(await this.refreshed(row)) };
    }
    // An unassigned case's reply must still reach someone: the supervisors, as for follow-ups.
    await this.notifications.notify({
      kind: 'case.person_replied',
      caseId: target.id,
      to: outcome.assigneeId ? { userIds: [outcome.assigneeId] } : { roles: ['supervisor'] },
    });
    return { status: 201, body: await this.statusOf(await this.refreshed(row)) };
  }

  /** The case behind a receipt number and access code, or the one generic failure. */
  private async authenticate(request: TIntakeStatusRequest): Promise<StatusRow> {
    const receiptNumber = canonicalReceiptNumber(request.receiptNumber);
    const accessCode = canonicalAccessCode(request.accessCode) ?? request.accessCode;
    const typed = receiptNumber ?? request.receiptNumber;
    const ip = clientIp();
    const blocked = await this.backoff.isBlocked('case_status', typed, ip);
    const row = receiptNumber ? await this.repository.findForStatus(receiptNumber) : null;
    let codeOk = false;
    if (row) {
      const check = await this.accessCodes.check(row.accessCodeHash, accessCode);
      codeOk = check.ok;
      if (check.ok && check.rehash && !blocked) {
        // An argon2id row (or an older key's): from now on it is checked with the current key.
        await this.repository.replaceAccessCodeHash(row.id, row.accessCodeHash, check.rehash);
      }
    } else {
      this.accessCodes.burn(accessCode);
    }
    if (blocked || !row || !codeOk) {
      if (!blocked) {
        await this.backoff.recordFailure('case_status', typed, ip);
      }
      throw new AppError('not_found', {
        message: 'Unknown receipt or wrong code',
        userMessage: WRONG_CREDENTIALS,
      });
    }
    await this.backoff.clear('case_status', typed, ip);
    return row;
  }

  private async refreshed(row: StatusRow): Promise<StatusRow> {
    return (await this.repository.findForStatus(row.receiptNumber)) ?? row;
  }

  /**
   * The status page of a pair. The receipt number is the one the person holds (their pair keeps working for
   * replies); status and conversation are those of the case the pair opens (see conversationOf).
   */
  private async statusOf(pair: StatusRow): Promise<TIntakeStatus> {
    const row = await this.conversationOf(pair);
    const caseIds = [row.id, ...row.mergedIds];
    const [events, files, requests] = await Promise.all([
      this.repository.publicEvents(caseIds),
      this.repository.personFiles(caseIds),
      this.repository.personRequests(caseIds),
    ]);
    const lastEvent = events.at(-1)?.createdAt;
    const conversation = events.flatMap((e): TConversationEntry[] => {
      const from = !e.public
        ? null
        : e.kind === 'public_message'
          ? 'desk'
          : e.kind === 'person_reply'
            ? 'person'
            : null;
      return from
        ? [{ at: e.createdAt.toISOString(), from, body: String((e.data as { body?: unknown }).body ?? '') }]
        : [];
    });
    return {
      receiptNumber: pair.receiptNumber,
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status],
      lastUpdatedAt: (lastEvent && lastEvent > row.createdAt ? lastEvent : row.createdAt).toISOString(),
      messages: conversation.filter((m) => m.from === 'desk').map(({ at, body }) => ({ at, body })),
      conversation,
      canReply: row.status !== 'closed',
      readingAid: readsWithFurigana(pair),
      files: files.map((file) => ({
        name: file.originalName,
        kind: ZEvidenceKind.parse(file.kind),
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
        receivedAt: file.receivedAt.toISOString(),
      })),
      requests: requests.map((request) => ({
        kind: request.kind,
        status: request.status,
        receivedAt: request.receivedAt.toISOString(),
        dueAt: request.dueAt.toISOString(),
        decidedAt: request.decidedAt?.toISOString() ?? null,
        refusalReason: request.refusalReason,
      })),
      dataDeletedAt: row.shreddedAt?.toISOString() ?? null,
    };
  }
}

/**
 * Furigana on the status page for a child who consulted themselves: the affected person's age is theirs, and a
 * parent or teacher who consulted for a child reads kanji. The same age bound as the receipt (FURIGANA_MAX_AGE).
 */
function readsWithFurigana(pair: StatusRow): boolean {
  const self = pair.callerRelation === null || pair.callerRelation === 'self';
  return self && pair.personAge !== null && pair.personAge <= FURIGANA_MAX_AGE;
}

function idempotencyKeyReused(): AppError {
  return new AppError('conflict', {
    message: 'Idempotency-Key was already used with a different request body',
    userMessage: {
      ja: 'この送信キーは別の内容ですでに使われています。',
      en: 'This Idempotency-Key was already used for a different submission.',
    },
    details: { reason: 'idempotency_key_reused' },
  });
}
