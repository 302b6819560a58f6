import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CaseStatus, type Prisma } from '@madoguchi/db';
import type { TIntake, TIntakeIdentifier, TSearchDocument, TTriageResult } from '@madoguchi/shared';
import { openEventData, sealIntakeTexts, sealTriageResult } from '../../common/crypto/case-texts';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { openOptionalText, openText } from '../../common/crypto/free-texts';
import { AppError } from '../../common/errors/app-error';
import { PrismaService } from '../../db/prisma.service';
import { CasesRepository, type Tx } from '../cases/cases.repository';

export type NewIntakeCase = {
  receiptNumber: string;
  accessCodeHash: string;
  intake: TIntake;
  raw: unknown;
  /** The case's search document, computed before the transaction (packages/shared/src/search.ts). */
  search: TSearchDocument;
  triage: TTriageResult;
  /** The case's created_at: the instant triage and the response due time were worked out for. */
  receivedAt: Date;
  /** The response due time under the desk settings of `settingsAt` (DeskService.intakeDue); null: not known. */
  response: { dueAt: Date | null; settingsAt: Date | null } | null;
  identifiers: TIntakeIdentifier[];
  /** Set when the request carried an Idempotency-Key; the sealed reply is stored with the case. */
  idempotency?: { keyHash: string; scope: string; requestHash: string; status: number; reply: Buffer };
};

const STATUS_SELECT = {
  id: true,
  receiptNumber: true,
  accessCodeHash: true,
  status: true,
  createdAt: true,
  mergedIntoId: true,
  personAge: true,
  callerRelation: true,
  shreddedAt: true,
} as const;

export type StoredReply = { requestHash: string; status: number; reply: Uint8Array };

export type StatusRow = {
  id: string;
  receiptNumber: string;
  accessCodeHash: string;
  status: CaseStatus;
  createdAt: Date;
  /** Set when the case is a duplicate merged into another: the person's pair then opens that case. */
  mergedIntoId: string | null;
  /** The affected person's age, and who consulted (null: themselves): whether the status page gets furigana. */
  personAge: number | null;
  callerRelation: string | null;
  /** When the case's personal data was shredded (at the person's request or by retention). */
  shreddedAt: Date | null;
};

/**
 * The intake's own tables (intakes, triage_results, idempotency_records). The case row, its triage
 * event and its identifiers are CasesRepository's: it builds those statements for the batch.
 */
@Injectable()
export class IntakeRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cases: CasesRepository,
    private readonly crypto: FieldCrypto,
  ) {}

  /**
   * Stores the case, its intake, the triage result, the triage event and the identifiers in one short
   * transaction: every value is computed beforehand (see IntakeService.submit), and the statements go as
   * one batch (a non-interactive transaction), so a pooled connection is held only for the writes, never
   * across the application's own work. Each statement is plain SQL: no query planning in the ORM.
   *
   * With an idempotency record, its row is inserted first: a concurrent retry with the same key waits on
   * that row's lock, then fails on the primary key, rolls back and gets the stored reply instead of
   * creating a second case.
   */
  async createIntakeCase(
    input: NewIntakeCase,
  ): Promise<{ created: true } | { created: false; stored: StoredReply }> {
    const db = this.prisma.intake;
    const { intake, triage } = input;
    const caseId = randomUUID();
    // Encrypted before the batch, synchronously: one encryption per column, no await inside the transaction.
    const sealed = sealIntakeTexts(this.crypto, caseId, {
      description: intake.description,
      contact: intake.contact ?? null,
      identifiers: intake.identifiers ?? {},
      raw: input.raw,
    });
    // The person's words triage quoted go to `phrases`, encrypted under the row's id (one encryption, no await).
    const triageId = randomUUID();
    const sealedTriage = sealTriageResult(this.crypto, triageId, triage);
    const statements: Prisma.PrismaPromise<number>[] = [];
    if (input.idempotency) {
      const { keyHash, scope, requestHash, status, reply } = input.idempotency;
      statements.push(db.$executeRaw`
        INSERT INTO idempotency_records (key_hash, scope, request_hash, status, reply)
        VALUES (${keyHash}, ${scope}, ${requestHash}, ${status}, ${reply})`);
    }
    statements.push(
      this.cases.insertIntakeCase(db, {
        id: caseId,
        receiptNumber: input.receiptNumber,
        accessCodeHash: input.accessCodeHash,
        intake,
        search: input.search,
        triage,
        receivedAt: input.receivedAt,
        response: input.response,
      }),
      db.$executeRaw`
        INSERT INTO intakes (case_id, description, answers, person, identifiers, contact, raw)
        VALUES (${caseId}::uuid, ${sealed.description}, ${JSON.stringify(intake.answers ?? {})}::jsonb,
                ${JSON.stringify(intake.person ?? {})}::jsonb, ${sealed.identifiers}, ${sealed.contact},
                ${sealed.raw})`,
      db.$executeRaw`
        INSERT INTO triage_results (id, case_id, rule_set_version, urgency, result, phrases)
        VALUES (${triageId}::uuid, ${caseId}::uuid, ${triage.ruleSetVersion}, ${triage.urgency}::"Urgency",
                ${JSON.stringify(sealedTriage.result)}::jsonb, ${sealedTriage.phrases})`,
      this.cases.insertTriageEvent(db, caseId, triage),
    );
    const link = this.cases.linkIntakeIdentifiers(db, caseId, input.identifiers);
    if (link) {
      statements.push(link);
    }
    try {
      await db.$transaction(statements);
      return { created: true };
    } catch (error) {
      if (!input.idempotency || !isUniqueViolation(error, ['idempotency_records', 'key_hash'])) {
        throw error;
      }
    }
    // The key was used first by another request, which has committed by now (we waited on its row lock).
    const stored = await db.idempotencyRecord.findUnique({ where: { keyHash: input.idempotency.keyHash } });
    if (!stored) {
      throw new AppError('unavailable', {
        message: 'Idempotency record vanished between conflict and read',
        details: { retryable: true },
        headers: { 'retry-after': '1' },
      });
    }
    return { created: false, stored };
  }

  /** Replaces an old-format access-code hash, only if nobody changed it meanwhile. */
  replaceAccessCodeHash(caseId: string, previous: string, next: string): Promise<void> {
    return this.cases.replaceAccessCodeHash(this.prisma.intake, caseId, previous, next);
  }

  findForStatus(receiptNumber: string): Promise<StatusRow | null> {
    return this.prisma.intake.case.findUnique({ where: { receiptNumber }, select: STATUS_SELECT });
  }

  /** The case a merged duplicate's pair opens (its survivor), and the ids of every duplicate merged into it. */
  async findConversationCase(id: string): Promise<(StatusRow & { mergedIds: string[] }) | null> {
    const row = await this.prisma.intake.case.findUnique({
      where: { id },
      select: { ...STATUS_SELECT, mergedCases: { select: { id: true } } },
    });
    if (!row) {
      return null;
    }
    const { mergedCases, ...status } = row;
    return { ...status, mergedIds: mergedCases.map((c) => c.id) };
  }

  /** An idempotency record written first in another module's transaction (the person's reply). */
  async insertIdempotency(
    tx: Tx,
    record: { keyHash: string; scope: string; requestHash: string; status: number; reply: Buffer },
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO idempotency_records (key_hash, scope, request_hash, status, reply)
      VALUES (${record.keyHash}, ${record.scope}, ${record.requestHash}, ${record.status}, ${record.reply})`;
  }

  findIdempotency(keyHash: string): Promise<StoredReply | null> {
    return this.prisma.intake.idempotencyRecord.findUnique({
      where: { keyHash },
      select: { requestHash: true, status: true, reply: true },
    });
  }

  /**
   * The evidence files the person sent to these cases (not the desk's own uploads), oldest first. Files an admin
   * deleted are left out: they are no longer the desk's, and nothing of them can be handed to a window any more.
   */
  async personFiles(caseIds: readonly string[]) {
    const rows = await this.prisma.intake.evidenceFile.findMany({
      where: { caseId: { in: [...caseIds] }, source: 'person', deletedAt: null },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, originalName: true, kind: true, sizeBytes: true, sha256: true, receivedAt: true },
    });
    return Promise.all(
      rows.map(async ({ id, ...row }) => ({
        ...row,
        originalName: await openText(this.crypto, 'evidenceName', id, row.originalName),
      })),
    );
  }

  /** The person's requests about their data (written by PersonRequestsRepository), newest first. */
  async personRequests(caseIds: readonly string[]) {
    const rows = await this.prisma.intake.personRequest.findMany({
      where: { caseId: { in: [...caseIds] } },
      orderBy: [{ receivedAt: 'desc' }, { id: 'asc' }],
      select: {
        id: true,
        kind: true,
        status: true,
        receivedAt: true,
        dueAt: true,
        decidedAt: true,
        refusalReason: true,
      },
    });
    return Promise.all(
      rows.map(async ({ id, ...row }) => ({
        ...row,
        refusalReason: await openOptionalText(this.crypto, 'requestRefusalReason', id, row.refusalReason),
      })),
    );
  }

  /**
   * What the person may see: public messages and status changes, oldest first. Only the public ones' free text is
   * opened (the person sees a status change's time, never the desk's reason for it).
   */
  async publicEvents(caseIds: readonly string[]) {
    const rows = await this.prisma.intake.caseEvent.findMany({
      where: { caseId: { in: [...caseIds] }, OR: [{ public: true }, { kind: 'status_change' }] },
      orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, public: true, data: true, body: true, createdAt: true },
    });
    return Promise.all(
      rows.map(async ({ body, ...row }) => ({
        ...row,
        data: row.public ? await openEventData(this.crypto, { id: row.id, data: row.data, body }) : row.data,
      })),
    );
  }

  /** Idempotency replies older than a day are no longer needed for retries. */
  pruneIdempotency(): Promise<number> {
    return this.prisma.intake.$executeRaw`
      DELETE FROM idempotency_records WHERE created_at < now() - interval '24 hours'`;
  }

  /**
   * Shreds the intake's free text and contact details in the caller's transaction (CaseShredder): the
   * description, the contact, the identifiers as typed and the raw submission, and the person's words triage
   * quoted as evidence (phrases, 「…」 reasons, life-stage cues). The coded answers, the person's age and
   * prefecture, and triage's urgency, categories, rule ids and signal codes stay. Returns how many non-empty values
   * were removed.
   */
  async shred(tx: Tx, caseId: string): Promise<number> {
    const [counted] = await tx.$queryRaw<{ n: number }[]>`
      SELECT coalesce(sum((description <> '')::int + (contact IS NOT NULL)::int
                          + (raw <> '{}')::int + (identifiers <> '{}')::int), 0)::int AS n
        FROM intakes WHERE case_id = ${caseId}::uuid`;
    await tx.$executeRaw`
      UPDATE intakes SET description = '', contact = NULL, raw = '{}', identifiers = '{}'
       WHERE case_id = ${caseId}::uuid`;
    // triage_results is append-only for the API's role: the quoted phrases go through a function that runs as the
    // table's owner, the one change it allows (migration 20261205010000_retention).
    const [phrases] = await tx.$queryRaw<{ n: number }[]>`
      SELECT shred_triage_phrases(${caseId}::uuid) AS n`;
    return (counted?.n ?? 0) + (phrases?.n ?? 0);
  }
}

/** A unique violation (model or raw query) on the named constraint or column. */
export function isUniqueViolation(error: unknown, names: string[]): boolean {
  const e = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  };
  const cause = e.meta?.driverAdapterError?.cause;
  const unique =
    e.code === 'P2002' || cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation';
  if (!unique) {
    return false;
  }
  const text = JSON.stringify(error) + String((error as Error).message);
  return names.some((name) => text.includes(name));
}
