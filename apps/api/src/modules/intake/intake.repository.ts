import { Injectable } from '@nestjs/common';
import { Prisma, type CaseStatus } from '@madoguchi/db';
import {
  buildSearchDocument,
  safetyFlagsOf,
  type TIntake,
  type TIntakeIdentifier,
  type TTriageResult,
  uniqueIntakeIdentifiers,
} from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';

export type NewIntakeCase = {
  receiptNumber: string;
  accessCodeHash: string;
  intake: TIntake;
  raw: unknown;
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
   * Stores the case, its intake, the triage result and the identifiers in one transaction.
   * With an idempotency record, its row is claimed first: a concurrent retry with the same key
   * waits on that row and then gets the stored reply instead of creating a second case.
   */
  async createIntakeCase(
    input: NewIntakeCase,
  ): Promise<{ created: true } | { created: false; stored: StoredReply }> {
    return this.prisma.client.$transaction(async (tx) => {
      if (input.idempotency) {
        const { keyHash, scope, requestHash, status, reply } = input.idempotency;
        const claimed = await tx.$executeRaw`
          INSERT INTO idempotency_records (key_hash, scope, request_hash, status, reply)
          VALUES (${keyHash}, ${scope}, ${requestHash}, ${status}, ${reply})
          ON CONFLICT (key_hash) DO NOTHING`;
        if (claimed === 0) {
          const stored = await tx.idempotencyRecord.findUniqueOrThrow({ where: { keyHash } });
          return { created: false as const, stored };
        }
      }
      const { intake, triage } = input;
      // The case is searchable from the moment it exists (see packages/shared/src/search.ts).
      const search = buildSearchDocument({
        receiptNumber: input.receiptNumber,
        description: intake.description,
        identifiers: input.identifiers,
        contact: intake.contact,
      });
      const created = await tx.case.create({
        data: {
          receiptNumber: input.receiptNumber,
          searchText: search.text,
          searchGrams: search.grams,
          accessCodeHash: input.accessCodeHash,
          urgency: triage.urgency,
          priority: triage.urgency,
          channel: intake.channel,
          pickedCategory: intake.category ?? null,
          suggestedCategories: triage.categories.map((c) => c.code),
          safetyFlags: safetyFlagsOf(triage),
          personAge: intake.person?.age ?? null,
          prefecture: intake.person?.prefecture ?? null,
          consentToShare: intake.consentToShare ?? false,
          intake: {
            create: {
              description: intake.description,
              answers: (intake.answers ?? {}) as Prisma.InputJsonObject,
              person: (intake.person ?? {}) as Prisma.InputJsonObject,
              identifiers: (intake.identifiers ?? {}) as Prisma.InputJsonObject,
              contact: intake.contact ? (intake.contact as Prisma.InputJsonObject) : Prisma.DbNull,
              raw: input.raw as Prisma.InputJsonValue,
            },
          },
          triages: {
            create: {
              ruleSetVersion: triage.ruleSetVersion,
              urgency: triage.urgency,
              result: triage as unknown as Prisma.InputJsonObject,
            },
          },
          events: {
            create: {
              kind: 'triage',
              data: {
                ruleSetVersion: triage.ruleSetVersion,
                urgency: triage.urgency,
                categories: triage.categories.map((c) => c.code),
                recommendations: triage.recommendations.map((r) => r.windowSlug),
              },
            },
          },
        },
        select: { id: true },
      });
      await linkIdentifiers(tx, created.id, input.identifiers);
      return { created: true as const };
    });
  }

  findForStatus(receiptNumber: string): Promise<StatusRow | null> {
    return this.prisma.client.case.findUnique({
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
    return this.prisma.client.caseEvent.findMany({
      where: { caseId, OR: [{ public: true }, { kind: 'status_change' }] },
      orderBy: { createdAt: 'asc' },
      select: { kind: true, public: true, data: true, createdAt: true },
    });
  }

  /** Idempotency replies older than a day are no longer needed for retries. */
  async pruneIdempotency(): Promise<void> {
    await this.prisma.client.$executeRaw`
      DELETE FROM idempotency_records WHERE created_at < now() - interval '24 hours'`;
  }
}

/**
 * Upserts identifiers in a fixed (kind, value) order, so concurrent intakes sharing a scam number
 * take row locks in the same order and cannot deadlock, then links them to the case.
 */
async function linkIdentifiers(
  tx: Prisma.TransactionClient,
  caseId: string,
  identifiers: NewIntakeCase['identifiers'],
): Promise<void> {
  const sorted = uniqueIntakeIdentifiers(identifiers).sort((a, b) =>
    a.kind === b.kind ? (a.value < b.value ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
  if (sorted.length === 0) {
    return;
  }
  const rows = await tx.$queryRaw<{ id: string; kind: string; value: string }[]>`
    INSERT INTO identifiers (id, kind, value, display)
    SELECT gen_random_uuid(), t.kind::"IdentifierKind", t.value, t.display
    FROM unnest(${sorted.map((i) => i.kind)}::text[], ${sorted.map((i) => i.value)}::text[],
                ${sorted.map((i) => i.display)}::text[]) AS t(kind, value, display)
    ON CONFLICT (kind, value) DO UPDATE SET display = identifiers.display
    RETURNING id, kind::text AS kind, value`;
  const sourceOf = new Map(sorted.map((i) => [`${i.kind}\0${i.value}`, i.source]));
  await tx.caseIdentifier.createMany({
    skipDuplicates: true,
    data: rows.map((row) => ({
      caseId,
      identifierId: row.id,
      source: sourceOf.get(`${row.kind}\0${row.value}`) ?? 'intake',
    })),
  });
}
