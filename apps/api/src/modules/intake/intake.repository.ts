import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CaseStatus, type DbClient, type Prisma } from '@madoguchi/db';
import {
  safetyFlagsOf,
  type TIntake,
  type TIntakeIdentifier,
  type TSearchDocument,
  type TTriageResult,
  uniqueIntakeIdentifiers,
} from '@madoguchi/shared';
import { AppError } from '../../common/errors/app-error';
import { PrismaService } from '../../db/prisma.service';

export type NewIntakeCase = {
  receiptNumber: string;
  accessCodeHash: string;
  intake: TIntake;
  raw: unknown;
  /** The case's search document, computed before the transaction (packages/shared/src/search.ts). */
  search: TSearchDocument;
  triage: TTriageResult;
  identifiers: TIntakeIdentifier[];
  /** Set when the request carried an Idempotency-Key; the sealed reply is stored with the case. */
  idempotency?: { keyHash: string; scope: string; requestHash: string; status: number; reply: Buffer };
};

export type StoredReply = { requestHash: string; status: number; reply: Uint8Array };

export type StatusRow = {
  id: string;
  receiptNumber: string;
  accessCodeHash: string;
  status: CaseStatus;
  createdAt: Date;
};

@Injectable()
export class IntakeRepository {
  constructor(private readonly prisma: PrismaService) {}

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
    const statements: Prisma.PrismaPromise<number>[] = [];
    if (input.idempotency) {
      const { keyHash, scope, requestHash, status, reply } = input.idempotency;
      statements.push(db.$executeRaw`
        INSERT INTO idempotency_records (key_hash, scope, request_hash, status, reply)
        VALUES (${keyHash}, ${scope}, ${requestHash}, ${status}, ${reply})`);
    }
    statements.push(
      db.$executeRaw`
        INSERT INTO cases (id, receipt_number, search_text, search_grams, access_code_hash, urgency, priority,
                           channel, picked_category, suggested_categories, confirmed_categories, safety_flags,
                           person_age, prefecture, consent_to_share)
        VALUES (${caseId}::uuid, ${input.receiptNumber}, ${input.search.text}, ${input.search.grams}::text[],
                ${input.accessCodeHash}, ${triage.urgency}::"Urgency", ${triage.urgency}::"Urgency",
                ${intake.channel}::"Channel", ${intake.category ?? null},
                ${triage.categories.map((c) => c.code)}::text[], '{}'::text[], ${safetyFlagsOf(triage)}::text[],
                ${intake.person?.age ?? null}::smallint, ${intake.person?.prefecture ?? null},
                ${intake.consentToShare ?? false})`,
      db.$executeRaw`
        INSERT INTO intakes (case_id, description, answers, person, identifiers, contact, raw)
        VALUES (${caseId}::uuid, ${intake.description}, ${JSON.stringify(intake.answers ?? {})}::jsonb,
                ${JSON.stringify(intake.person ?? {})}::jsonb, ${JSON.stringify(intake.identifiers ?? {})}::jsonb,
                ${intake.contact ? JSON.stringify(intake.contact) : null}::jsonb, ${JSON.stringify(input.raw)}::jsonb)`,
      db.$executeRaw`
        INSERT INTO triage_results (id, case_id, rule_set_version, urgency, result)
        VALUES (gen_random_uuid(), ${caseId}::uuid, ${triage.ruleSetVersion}, ${triage.urgency}::"Urgency",
                ${JSON.stringify(triage)}::jsonb)`,
      db.$executeRaw`
        INSERT INTO case_events (id, case_id, kind, data)
        VALUES (gen_random_uuid(), ${caseId}::uuid, 'triage'::"CaseEventKind", ${JSON.stringify({
          ruleSetVersion: triage.ruleSetVersion,
          urgency: triage.urgency,
          categories: triage.categories.map((c) => c.code),
          recommendations: triage.recommendations.map((r) => r.windowSlug),
        })}::jsonb)`,
    );
    const link = linkIdentifiers(db, caseId, input.identifiers);
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
  async replaceAccessCodeHash(caseId: string, previous: string, next: string): Promise<void> {
    await this.prisma.intake.$executeRaw`
      UPDATE cases SET access_code_hash = ${next} WHERE id = ${caseId}::uuid AND access_code_hash = ${previous}`;
  }

  findForStatus(receiptNumber: string): Promise<StatusRow | null> {
    return this.prisma.intake.case.findUnique({
      where: { receiptNumber },
      select: {
        id: true,
        receiptNumber: true,
        accessCodeHash: true,
        status: true,
        createdAt: true,
      },
    });
  }

  /** What the person may see: public messages and status changes, oldest first. */
  publicEvents(caseId: string) {
    return this.prisma.intake.caseEvent.findMany({
      where: { caseId, OR: [{ public: true }, { kind: 'status_change' }] },
      orderBy: { createdAt: 'asc' },
      select: { kind: true, public: true, data: true, createdAt: true },
    });
  }

  /** Idempotency replies older than a day are no longer needed for retries. */
  async pruneIdempotency(): Promise<void> {
    await this.prisma.intake.$executeRaw`
      DELETE FROM idempotency_records WHERE created_at < now() - interval '24 hours'`;
  }
}

/**
 * Upserts identifiers in a fixed (kind, value) order, so concurrent intakes sharing a scam number
 * take row locks in the same order and cannot deadlock, and links them to the case: one statement.
 */
function linkIdentifiers(
  db: DbClient,
  caseId: string,
  identifiers: NewIntakeCase['identifiers'],
): Prisma.PrismaPromise<number> | undefined {
  const sorted = uniqueIntakeIdentifiers(identifiers).sort((a, b) =>
    a.kind === b.kind ? (a.value < b.value ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
  if (sorted.length === 0) {
    return undefined;
  }
  return db.$executeRaw`
    WITH input AS (
      SELECT t.kind::"IdentifierKind" AS kind, t.value, t.display, t.source, t.ord
      FROM unnest(${sorted.map((i) => i.kind)}::text[], ${sorted.map((i) => i.value)}::text[],
                  ${sorted.map((i) => i.display)}::text[], ${sorted.map((i) => i.source)}::text[])
           WITH ORDINALITY AS t(kind, value, display, source, ord)
    ), upserted AS (
      INSERT INTO identifiers (id, kind, value, display)
      SELECT gen_random_uuid(), kind, value, display FROM input ORDER BY ord
      ON CONFLICT (kind, value) DO UPDATE SET display = identifiers.display
      RETURNING id, kind, value
    )
    INSERT INTO case_identifiers (case_id, identifier_id, source)
    SELECT ${caseId}::uuid, u.id, i.source FROM upserted u JOIN input i ON i.kind = u.kind AND i.value = u.value
    ON CONFLICT DO NOTHING`;
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
