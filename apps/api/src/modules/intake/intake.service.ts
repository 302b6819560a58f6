import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  buildSearchDocument,
  canonicalAccessCode,
  canonicalReceiptNumber,
  CASE_STATUS_LABELS,
  collectIntakeIdentifiers,
  normalizeIntake,
  type TIntake,
  type TIntakeDraft,
  type TIntakeReceipt,
  type TIntakeStatus,
  type TIntakeStatusRequest,
  type TTriageResult,
} from '@madoguchi/shared';
import { prepareTextAnalysis, triage } from '@madoguchi/shared/triage';
import { clientIp } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { BackoffService } from '../security/backoff.service';
import { WindowsService } from '../windows/windows.service';
import { AccessCodeHasher, newAccessCode, newReceiptNumber } from './access-codes';
import type { IdempotencyContext } from './idempotency';
import { IntakeRepository, isUniqueViolation, type NewIntakeCase } from './intake.repository';

const WRONG_CREDENTIALS = {
  ja: '受付番号またはアクセスコードが違います。紙に控えた番号をもう一度確かめてください。何度か続けて違った場合は、数分おいてからお試しください。',
  en: 'The receipt number or access code is not right. Please check what you wrote down. After several misses, wait a few minutes before trying again.',
};

@Injectable()
export class IntakeService implements OnModuleInit {
  constructor(
    private readonly repository: IntakeRepository,
    private readonly windows: WindowsService,
    private readonly backoff: BackoffService,
    private readonly accessCodes: AccessCodeHasher,
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
      throw new AppError('conflict', {
        message: 'Idempotency-Key was already used with a different request body',
        userMessage: {
          ja: 'この送信キーは別の内容ですでに使われています。',
          en: 'This Idempotency-Key was already used for a different submission.',
        },
        details: { reason: 'idempotency_key_reused' },
      });
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
    const events = await this.repository.publicEvents(row.id);
    const lastEvent = events.at(-1)?.createdAt;
    return {
      receiptNumber: row.receiptNumber,
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status],
      lastUpdatedAt: (lastEvent && lastEvent > row.createdAt ? lastEvent : row.createdAt).toISOString(),
      messages: events
        .filter((e) => e.public && e.kind === 'public_message')
        .map((e) => ({
          at: e.createdAt.toISOString(),
          body: String((e.data as { body?: unknown }).body ?? ''),
        })),
    };
  }
}
