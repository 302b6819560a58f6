import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma, type CaseStatus, type ReferralMethod, type ReferralStatus } from '@madoguchi/db';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { openOptionalText, openText, sealOptionalText, sealText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';

export type Tx = Prisma.TransactionClient;

export type LockedCase = {
  id: string;
  status: CaseStatus;
  version: number;
  personAge: number | null;
  prefecture: string | null;
};

export type LockedReferral = {
  id: string;
  caseId: string;
  referralNumber: string;
  windowSlug: string;
  status: ReferralStatus;
  version: number;
  followUpDueAt: Date | null;
  outcomeNote: string | null;
};

const REFERRAL_VIEW = {
  include: {
    window: { select: { slug: true, nameJa: true, nameEn: true, active: true, referralEmail: true } },
    history: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
    // The newest partner link is the one the latest letter carries; older ones are revoked.
    links: {
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 1,
      include: { uses: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
    },
  },
} satisfies Prisma.ReferralDefaultArgs;

export type ReferralRow = Prisma.ReferralGetPayload<typeof REFERRAL_VIEW>;

export type NewReferral = {
  referralNumber: string;
  caseId: string;
  windowSlug: string;
  reason: string;
  method: ReferralMethod;
  consent: Prisma.InputJsonObject;
  warnings: Prisma.InputJsonArray;
  followUpDueAt: Date | null;
  createdById: string;
};

export type ReferralChange = {
  status?: ReferralStatus;
  reason?: string;
  method?: ReferralMethod;
  outcomeNote?: string | null;
  followUpDueAt?: Date | null;
  sentAt?: Date;
  acknowledgedAt?: Date;
  closedAt?: Date;
};

export type FollowUpRow = {
  id: string;
  referralNumber: string;
  status: ReferralStatus;
  method: ReferralMethod;
  followUpDueAt: Date | null;
  sentAt: Date | null;
  case: { id: string; receiptNumber: string; assigneeId: string | null };
  window: { slug: string; nameJa: string; nameEn: string };
};

/**
 * The free text of referrals (the reason, the outcome note, the notes of the history and of the window's answers
 * through its link) is stored encrypted, bound to its row (free-texts.ts): written sealed here, opened on every read.
 */
@Injectable()
export class ReferralsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn);
  }

  findWindow(slug: string) {
    return this.prisma.client.referralWindow.findUnique({ where: { slug } });
  }

  /** Of these evidence files, the ids that belong to the case, were scanned clean and are not deleted (what may be shared). */
  async shareableEvidence(caseId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.client.evidenceFile.findMany({
      where: { caseId, id: { in: [...ids] }, scanState: 'clean', deletedAt: null },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.prisma.client.case.count({ where: { id: caseId } })) > 0;
  }

  /**
   * Row lock on the case for the rest of the transaction: a referral sent while a counselor closes the case must
   * not leave a closed case "referred". Cases are always locked before referrals, so two writers cannot deadlock.
   */
  async lockCase(tx: Tx, caseId: string): Promise<LockedCase | null> {
    const rows = await tx.$queryRaw<
      {
        id: string;
        status: CaseStatus;
        version: number;
        person_age: number | null;
        prefecture: string | null;
      }[]
    >`
      SELECT id::text AS id, status::text AS status, version, person_age, prefecture
      FROM cases WHERE id = ${caseId}::uuid FOR UPDATE`;
    const row = rows[0];
    return row
      ? {
          id: row.id,
          status: row.status,
          version: row.version,
          personAge: row.person_age,
          prefecture: row.prefecture,
        }
      : null;
  }

  async lockReferral(tx: Tx, id: string): Promise<LockedReferral | null> {
    const rows = await tx.$queryRaw<
      {
        id: string;
        case_id: string;
        referral_number: string;
        window_slug: string;
        status: ReferralStatus;
        version: number;
        follow_up_due_at: Date | null;
        outcome_note: string | null;
      }[]
    >`
      SELECT id::text AS id, case_id::text AS case_id, referral_number, window_slug, status::text AS status,
             version, follow_up_due_at, outcome_note
      FROM referrals WHERE id = ${id}::uuid FOR UPDATE`;
    const row = rows[0];
    return row
      ? {
          id: row.id,
          caseId: row.case_id,
          referralNumber: row.referral_number,
          windowSlug: row.window_slug,
          status: row.status,
          version: row.version,
          followUpDueAt: row.follow_up_due_at,
          outcomeNote: await openOptionalText(this.crypto, 'referralOutcomeNote', row.id, row.outcome_note),
        }
      : null;
  }

  /** The case a referral belongs to (never changes), read before taking locks in case → referral order. */
  async caseIdOf(id: string): Promise<string | null> {
    const row = await this.prisma.client.referral.findUnique({ where: { id }, select: { caseId: true } });
    return row?.caseId ?? null;
  }

  /** Who works the case now: told when the window answers a referral. */
  async caseAssignee(caseId: string): Promise<string | null> {
    const row = await this.prisma.client.case.findUnique({
      where: { id: caseId },
      select: { assigneeId: true },
    });
    return row?.assigneeId ?? null;
  }

  async insert(tx: Tx, referral: NewReferral): Promise<{ id: string }> {
    const id = randomUUID();
    return tx.referral.create({
      data: {
        id,
        referralNumber: referral.referralNumber,
        caseId: referral.caseId,
        windowSlug: referral.windowSlug,
        reason: sealText(this.crypto, 'referralReason', id, referral.reason),
        method: referral.method,
        consent: referral.consent,
        warnings: referral.warnings,
        followUpDueAt: referral.followUpDueAt,
        createdById: referral.createdById,
      },
      select: { id: true },
    });
  }

  /** Applies the change only if nobody else changed the referral since `version` was read; false when stale. */
  async update(tx: Tx, id: string, version: number, change: ReferralChange): Promise<boolean> {
    const { count } = await tx.referral.updateMany({
      where: { id, version },
      data: {
        ...change,
        reason: sealOptionalText(this.crypto, 'referralReason', id, change.reason),
        outcomeNote: sealOptionalText(this.crypto, 'referralOutcomeNote', id, change.outcomeNote),
        version: { increment: 1 },
      },
    });
    return count === 1;
  }

  async addStatusChange(
    tx: Tx,
    change: {
      referralId: string;
      from: ReferralStatus | null;
      to: ReferralStatus;
      /** null: the window, through its partner link. */
      actorId: string | null;
      note: string | null;
    },
  ): Promise<void> {
    const id = randomUUID();
    await tx.referralStatusChange.create({
      data: { ...change, id, note: sealOptionalText(this.crypto, 'referralStatusNote', id, change.note) },
    });
  }

  async findById(id: string): Promise<ReferralRow | null> {
    const row = await this.prisma.client.referral.findUnique({ where: { id }, ...REFERRAL_VIEW });
    return row && this.openReferral(row);
  }

  async listForCase(caseId: string): Promise<ReferralRow[]> {
    const rows = await this.prisma.client.referral.findMany({
      where: { caseId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...REFERRAL_VIEW,
    });
    return Promise.all(rows.map((row) => this.openReferral(row)));
  }

  /** A referral with its free text opened: reason, outcome note, the history's notes and the window's notes. */
  private async openReferral(row: ReferralRow): Promise<ReferralRow> {
    const [reason, outcomeNote, history, links] = await Promise.all([
      openText(this.crypto, 'referralReason', row.id, row.reason),
      openOptionalText(this.crypto, 'referralOutcomeNote', row.id, row.outcomeNote),
      Promise.all(
        row.history.map(async (change) => ({
          ...change,
          note: await openOptionalText(this.crypto, 'referralStatusNote', change.id, change.note),
        })),
      ),
      Promise.all(
        row.links.map(async (link) => ({
          ...link,
          uses: await Promise.all(
            link.uses.map(async (use) => ({
              ...use,
              note: await openOptionalText(this.crypto, 'partnerLinkUseNote', use.id, use.note),
            })),
          ),
        })),
      ),
    ]);
    return { ...row, reason, outcomeNote, history, links };
  }

  followUps(now: Date, statuses: readonly ReferralStatus[], limit: number): Promise<FollowUpRow[]> {
    return this.prisma.client.referral.findMany({
      where: { status: { in: [...statuses] }, followUpDueAt: { lte: now } },
      orderBy: [{ followUpDueAt: 'asc' }, { id: 'asc' }],
      take: limit,
      select: {
        id: true,
        referralNumber: true,
        status: true,
        method: true,
        followUpDueAt: true,
        sentAt: true,
        case: { select: { id: true, receiptNumber: true, assigneeId: true } },
        window: { select: { slug: true, nameJa: true, nameEn: true } },
      },
    });
  }

  /**
   * Shreds the free text of a case's referrals in the caller's transaction (CaseShredder): the reason, the
   * outcome note and the notes of their status changes. Windows, methods, statuses, dates and consents stay.
   * Returns how many non-empty values were removed.
   */
  async shredFreeText(tx: Tx, caseId: string): Promise<number> {
    const [counted] = await tx.$queryRaw<{ n: number }[]>`
      SELECT ((SELECT count(*) FROM referrals WHERE case_id = ${caseId}::uuid AND reason <> '')
            + (SELECT count(*) FROM referrals WHERE case_id = ${caseId}::uuid AND coalesce(outcome_note, '') <> ''))::int AS n`;
    await tx.$executeRaw`
      UPDATE referrals SET reason = '', outcome_note = NULL
       WHERE case_id = ${caseId}::uuid AND (reason <> '' OR outcome_note IS NOT NULL)`;
    // The status history is append-only for the API's role: its notes are blanked by a function that runs as the
    // table's owner, the one change it allows (migration 20261205010000_retention).
    const [notes] = await tx.$queryRaw<{ n: number }[]>`
      SELECT shred_referral_status_notes(${caseId}::uuid) AS n`;
    return (counted?.n ?? 0) + (notes?.n ?? 0);
  }
}
