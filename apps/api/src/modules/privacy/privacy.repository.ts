import { Injectable } from '@nestjs/common';
import { readExposure } from '@madoguchi/db';
import type { TExposureActorReport, TUpdatePrivacyRegister } from '@madoguchi/shared';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { openText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';
import { staffNames } from '../../db/staff-names';

/** The audit actions a case's disclosure record reads besides the disclosure ledger: the window's use of its link. */
const PARTNER_ACTIONS = ['referral.partner_link_viewed', 'referral.partner_evidence_downloaded'];

export type RecipientRow = {
  slug: string;
  nameJa: string;
  nameEn: string;
  operator: string;
  active: boolean;
  referrals: number;
  sent: number;
  disclosures: number;
  lastSentAt: Date | null;
};

/** Reads for the privacy records; writes only the register's one row (the audit log is AuditService's). */
@Injectable()
export class PrivacyRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  registerSettings() {
    return this.prisma.client.privacyRegister.findUnique({ where: { id: true } });
  }

  saveRegisterSettings(data: TUpdatePrivacyRegister, updatedById: string) {
    return this.prisma.client.privacyRegister.upsert({
      where: { id: true },
      create: { id: true, ...data, updatedById },
      update: { ...data, updatedById },
    });
  }

  /** Every window of the directory, with the referrals made to it and the documents generated for it. */
  async recipients(): Promise<RecipientRow[]> {
    const db = this.prisma.client;
    const [windows, referrals, sent, disclosures] = await Promise.all([
      db.referralWindow.findMany({
        select: { slug: true, nameJa: true, nameEn: true, operator: true, active: true },
        orderBy: { slug: 'asc' },
      }),
      db.referral.groupBy({ by: ['windowSlug'], _count: { _all: true } }),
      db.referral.groupBy({
        by: ['windowSlug'],
        where: { firstSentAt: { not: null } },
        _count: { _all: true },
        _max: { sentAt: true },
      }),
      db.disclosure.groupBy({
        by: ['windowSlug'],
        where: { kind: 'referral_letter' },
        _count: { _all: true },
      }),
    ]);
    const count = (rows: { windowSlug: string; _count: { _all: number } }[]) =>
      new Map(rows.map((row) => [row.windowSlug, row._count._all]));
    const referralCounts = count(referrals);
    const sentCounts = count(sent);
    const lastSent = new Map(sent.map((row) => [row.windowSlug, row._max.sentAt]));
    const disclosureCounts = count(disclosures);
    return windows.map((window) => ({
      ...window,
      referrals: referralCounts.get(window.slug) ?? 0,
      sent: sentCounts.get(window.slug) ?? 0,
      disclosures: disclosureCounts.get(window.slug) ?? 0,
      lastSentAt: lastSent.get(window.slug) ?? null,
    }));
  }

  caseByReceipt(receiptNumber: string) {
    return this.prisma.client.case.findUnique({
      where: { receiptNumber },
      select: { id: true, receiptNumber: true },
    });
  }

  /** The case's referrals with their window and consent, oldest first. */
  referralsOfCase(caseId: string) {
    return this.prisma.client.referral.findMany({
      where: { caseId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        referralNumber: true,
        windowSlug: true,
        status: true,
        method: true,
        consent: true,
        createdAt: true,
        firstSentAt: true,
        createdById: true,
        window: { select: { nameJa: true, nameEn: true } },
      },
    });
  }

  /** The disclosure ledger of a case: each letter and copy made, oldest first. */
  disclosuresOfCase(caseId: string) {
    return this.prisma.client.disclosure.findMany({
      where: { caseId },
      orderBy: { generatedAt: 'asc' },
    });
  }

  /** The window's views of its link and downloads of shared files, from the audit log. */
  partnerUsesOfCase(caseId: string) {
    return this.prisma.client.auditLog.findMany({
      where: { caseId, action: { in: PARTNER_ACTIONS } },
      orderBy: { id: 'asc' },
      select: { at: true, action: true, entityId: true, meta: true },
    });
  }

  async evidenceNames(fileIds: readonly string[]): Promise<Map<string, string>> {
    if (fileIds.length === 0) {
      return new Map();
    }
    const rows = await this.prisma.client.evidenceFile.findMany({
      where: { id: { in: [...new Set(fileIds)] } },
      select: { id: true, originalName: true },
    });
    return new Map(
      await Promise.all(
        rows.map(
          async (row) =>
            [row.id, await openText(this.crypto, 'evidenceName', row.id, row.originalName)] as const,
        ),
      ),
    );
  }

  /** Display names of staff (deactivated ones included: the records outlive accounts). */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>> {
    return staffNames(this.prisma.client, userIds);
  }

  /** The exposure report's actors (packages/db's readExposure, shared with `npm run privacy:exposure`). */
  exposure(input: {
    from: Date;
    to: Date;
    receiptNumbers: readonly string[];
  }): Promise<TExposureActorReport[]> {
    return readExposure(this.prisma.client, input);
  }
}
