import { Injectable } from '@nestjs/common';
import type { DisclosureKind, Prisma } from '@madoguchi/db';
import { openEvents, openIntake, openTriageResults } from '../../common/crypto/case-texts';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { openIdentifierLinks } from '../../common/crypto/identifier-keys';
import { openOptionalText, openText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';

export type Tx = Prisma.TransactionClient;

const REFERRAL_FOR_REPORT = {
  select: {
    id: true,
    referralNumber: true,
    caseId: true,
    windowSlug: true,
    reason: true,
    status: true,
    consent: true,
    createdById: true,
    window: true,
    case: {
      select: {
        id: true,
        receiptNumber: true,
        summary: true,
        confirmedCategories: true,
        suggestedCategories: true,
        personAge: true,
        prefecture: true,
      },
    },
  },
} satisfies Prisma.ReferralDefaultArgs;

export type ReferralForReport = Prisma.ReferralGetPayload<typeof REFERRAL_FOR_REPORT>;

export type CaseForExport = NonNullable<Awaited<ReturnType<ReportsRepository['caseForExport']>>>;

export type NewDisclosure = {
  referralId: string;
  caseId: string;
  windowSlug: string;
  kind: DisclosureKind;
  fields: string[];
  consent: Prisma.InputJsonValue;
  generatedById: string;
  generatedAt: Date;
  sha256: string;
};

export type RegisterRow = {
  referralNumber: string;
  receiptNumber: string;
  windowSlug: string;
  windowName: string;
  method: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  followUpDueAt: Date | null;
  outcomeNote: string | null;
};

@Injectable()
export class ReportsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.reports.$transaction(fn);
  }

  /** The referral with its reason and the case's summary opened. */
  async findReferral(id: string): Promise<ReferralForReport | null> {
    const row = await this.prisma.reports.referral.findUnique({ where: { id }, ...REFERRAL_FOR_REPORT });
    if (!row) {
      return null;
    }
    const [reason, summary] = await Promise.all([
      openText(this.crypto, 'referralReason', row.id, row.reason),
      openOptionalText(this.crypto, 'caseSummary', row.case.id, row.case.summary),
    ]);
    return { ...row, reason, case: { ...row.case, summary } };
  }

  async displayName(userId: string): Promise<string | null> {
    const user = await this.prisma.reports.user.findUnique({
      where: { id: userId },
      select: { displayName: true },
    });
    return user?.displayName ?? null;
  }

  /**
   * The evidence files the consent shares, as received (only clean ones: nothing else is ever handed on), with
   * those deleted since (by an admin, or with the case's personal data) still listed and marked.
   */
  async sharedEvidence(caseId: string, ids: readonly string[]) {
    const rows = await this.prisma.reports.evidenceFile.findMany({
      where: { caseId, id: { in: [...ids] }, scanState: 'clean' },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        originalName: true,
        kind: true,
        sizeBytes: true,
        sha256: true,
        receivedAt: true,
        deletedAt: true,
      },
    });
    return Promise.all(
      rows.map(async (row) => ({
        ...row,
        originalName: await openText(this.crypto, 'evidenceName', row.id, row.originalName),
      })),
    );
  }

  /** The contact the person gave, and their own description only when asked for (each opened). */
  async intake(caseId: string, withDescription: boolean) {
    const row = await this.prisma.reports.intake.findUnique({
      where: { caseId },
      select: { contact: true, description: withDescription },
    });
    return row && openIntake(this.crypto, caseId, row);
  }

  async identifiers(caseId: string): Promise<{ kind: string; value: string; display: string }[]> {
    const links = await this.prisma.reports.caseIdentifier.findMany({
      where: { caseId },
      orderBy: [{ createdAt: 'asc' }, { identifierId: 'asc' }],
      select: { identifier: { select: { id: true, kind: true, value: true, display: true } } },
    });
    return (await openIdentifierLinks(this.crypto, links)).map(
      ({ identifier: { kind, value, display } }) => ({ kind, value, display }),
    );
  }

  /**
   * What passed between the desk and the person, oldest first: contact logs, the desk's messages and the person's
   * replies. Notes and the desk's bookkeeping (status, assignment, priority) are not even read: what a letter may
   * say about the work done is decided here, in the query.
   */
  async actions(caseId: string) {
    const rows = await this.prisma.reports.caseEvent.findMany({
      where: { caseId, kind: { in: ['contact', 'public_message', 'person_reply'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, kind: true, data: true, body: true, createdAt: true },
    });
    return openEvents(this.crypto, rows);
  }

  /**
   * Everything the case page shows, for the case export: the case, the intake, the latest triage, identifiers,
   * the whole timeline (notes included: the export is for the desk's own file and its supervisors) and referrals.
   */
  async caseForExport(id: string) {
    const row = await this.prisma.reports.case.findUnique({
      where: { id },
      select: {
        id: true,
        receiptNumber: true,
        status: true,
        urgency: true,
        priority: true,
        channel: true,
        summary: true,
        confirmedCategories: true,
        suggestedCategories: true,
        safetyFlags: true,
        personAge: true,
        prefecture: true,
        tags: true,
        followUpAt: true,
        createdAt: true,
        closedAt: true,
        assignee: { select: { displayName: true } },
        intake: { select: { description: true, contact: true } },
        triages: {
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: 1,
          select: { id: true, result: true, phrases: true, createdAt: true },
        },
        identifiers: {
          orderBy: [{ createdAt: 'asc' }, { identifierId: 'asc' }],
          select: { identifier: { select: { id: true, kind: true, display: true } } },
        },
        events: {
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          select: {
            id: true,
            kind: true,
            data: true,
            body: true,
            public: true,
            createdAt: true,
            actor: { select: { displayName: true } },
          },
        },
        referrals: {
          orderBy: [{ createdAt: 'asc' }, { referralNumber: 'asc' }],
          select: {
            id: true,
            referralNumber: true,
            status: true,
            method: true,
            reason: true,
            createdAt: true,
            sentAt: true,
            outcomeNote: true,
            window: { select: { nameJa: true } },
          },
        },
      },
    });
    if (!row) {
      return null;
    }
    const [intake, events, triages, summary, referrals] = await Promise.all([
      row.intake && openIntake(this.crypto, row.id, row.intake),
      openEvents(this.crypto, row.events),
      openTriageResults(this.crypto, row.triages),
      openOptionalText(this.crypto, 'caseSummary', row.id, row.summary),
      Promise.all(
        row.referrals.map(async (referral) => ({
          ...referral,
          reason: await openText(this.crypto, 'referralReason', referral.id, referral.reason),
          outcomeNote: await openOptionalText(
            this.crypto,
            'referralOutcomeNote',
            referral.id,
            referral.outcomeNote,
          ),
        })),
      ),
    ]);
    // Identifiers are encrypted (identifier-keys.ts): opened, and only what the export prints is kept.
    const identifiers = (await openIdentifierLinks(this.crypto, row.identifiers)).map(
      ({ identifier: { kind, display } }) => ({ identifier: { kind, display } }),
    );
    return { ...row, intake, events, triages, summary, referrals, identifiers };
  }

  latestTriage(caseId: string) {
    return this.prisma.reports.triageResult.findFirst({
      where: { caseId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { result: true },
    });
  }

  windows(slugs: string[]) {
    return this.prisma.reports.referralWindow.findMany({ where: { slug: { in: slugs } } });
  }

  insertDisclosure(tx: Tx, disclosure: NewDisclosure): Promise<{ id: string }> {
    return tx.disclosure.create({ data: disclosure, select: { id: true } });
  }

  /** Every referral created in [start, end), oldest first, for the register export (from the replica: lag is fine). */
  async register(start: Date, end: Date): Promise<RegisterRow[]> {
    const rows = await this.prisma.replica.referral.findMany({
      where: { createdAt: { gte: start, lt: end } },
      orderBy: [{ createdAt: 'asc' }, { referralNumber: 'asc' }],
      select: {
        id: true,
        referralNumber: true,
        windowSlug: true,
        method: true,
        status: true,
        createdAt: true,
        sentAt: true,
        acknowledgedAt: true,
        closedAt: true,
        followUpDueAt: true,
        outcomeNote: true,
        case: { select: { receiptNumber: true } },
        window: { select: { nameJa: true } },
      },
    });
    return Promise.all(
      rows.map(async ({ case: c, window, id, ...row }) => ({
        ...row,
        outcomeNote: await openOptionalText(this.crypto, 'referralOutcomeNote', id, row.outcomeNote),
        receiptNumber: c.receiptNumber,
        windowName: window.nameJa,
      })),
    );
  }
}
