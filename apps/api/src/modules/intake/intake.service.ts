import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
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
import { AppError, lockedUntil } from '../../common/errors/app-error';
import { WindowsService } from '../windows/windows.service';
import {
  burnVerification,
  hashAccessCode,
  newAccessCode,
  newReceiptNumber,
  verifyAccessCode,
} from './access-codes';
import type { IdempotencyContext } from './idempotency';
import { IntakeRepository, type NewIntakeCase } from './intake.repository';

const WRONG_CREDENTIALS = {
  ja: '受付番号またはアクセスコードが違います。紙に控えた番号をもう一度確かめてください。',
  en: 'The receipt number or access code is not right. Please check what you wrote down.',
};

@Injectable()
export class IntakeService implements OnModuleInit {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly repository: IntakeRepository,
    private readonly windows: WindowsService,
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
    if (Math.random() < 0.01) {
      void this.repository
        .pruneIdempotency()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'prune failed'));
    }
    // A receipt-number collision (1 in 2^40 per pair) aborts the transaction; draw again.
    for (let attempt = 1; ; attempt++) {
      const accessCode = newAccessCode();
      const body: TIntakeReceipt = { receiptNumber: newReceiptNumber(), accessCode, triage: result };
      const record: NewIntakeCase = {
        receiptNumber: body.receiptNumber,
        accessCodeHash: await hashAccessCode(accessCode),
        intake,
        raw: input,
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
        const isReceiptClash =
          (error as { code?: string }).code === 'P2002' && JSON.stringify(error).includes('receipt_number');
        if (!isReceiptClash || attempt >= 5) {
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

  async status(request: TIntakeStatusRequest): Promise<TIntakeStatus> {
    const receiptNumber = canonicalReceiptNumber(request.receiptNumber);
    const accessCode = canonicalAccessCode(request.accessCode) ?? request.accessCode;
    const row = receiptNumber ? await this.repository.findForStatus(receiptNumber) : null;
    if (!row) {
      await burnVerification(accessCode);
      throw new AppError('not_found', {
        message: 'Unknown receipt or wrong code',
        userMessage: WRONG_CREDENTIALS,
      });
    }
    if (row.statusLockedUntil && row.statusLockedUntil > new Date()) {
      throw locked(row.statusLockedUntil);
    }
    if (!(await verifyAccessCode(row.accessCodeHash, accessCode))) {
      const { lockedUntil } = await this.repository.recordStatusFailure(row.id);
      if (lockedUntil) {
        throw locked(lockedUntil);
      }
      throw new AppError('not_found', {
        message: 'Unknown receipt or wrong code',
        userMessage: WRONG_CREDENTIALS,
      });
    }
    await this.repository.clearStatusFailures(row.id);
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

function locked(until: Date): AppError {
  return lockedUntil(until, {
    message: 'Too many wrong access codes for this receipt',
    userMessage: {
      ja: 'アクセスコードの間違いが続いたため、15分間は確認できません。時間をおいてもう一度お試しください。',
      en: 'Too many wrong access codes. Please wait 15 minutes and try again.',
    },
    details: { lockedUntil: until.toISOString() },
  });
}
