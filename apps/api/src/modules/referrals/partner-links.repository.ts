import { Injectable } from '@nestjs/common';
import type { Prisma, ReferralLinkAction } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';
import type { Tx } from './referrals.repository';

const LINK_VIEW = {
  include: { uses: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
} satisfies Prisma.ReferralLinkDefaultArgs;

export type ReferralLinkRow = Prisma.ReferralLinkGetPayload<typeof LINK_VIEW>;

/** The one writer of referral_links and referral_link_uses. */
@Injectable()
export class PartnerLinksRepository {
  constructor(private readonly prisma: PrismaService) {}

  insert(
    tx: Tx,
    link: {
      id: string;
      referralId: string;
      tokenHash: string;
      keyId: string;
      createdAt: Date;
      expiresAt: Date;
    },
  ): Promise<{ id: string }> {
    return tx.referralLink.create({ data: link, select: { id: true } });
  }

  /** The referral's newest link (the one the latest letter carries), with its uses. */
  latestForReferral(referralId: string, tx?: Tx): Promise<ReferralLinkRow | null> {
    return (tx ?? this.prisma.client).referralLink.findFirst({
      where: { referralId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...LINK_VIEW,
    });
  }

  findByHash(tokenHash: string): Promise<ReferralLinkRow | null> {
    return this.prisma.client.referralLink.findUnique({ where: { tokenHash }, ...LINK_VIEW });
  }

  /** Row lock on the link for the rest of the transaction, then its current state. */
  async lock(tx: Tx, id: string): Promise<ReferralLinkRow | null> {
    await tx.$queryRaw`SELECT 1 FROM referral_links WHERE id = ${id}::uuid FOR UPDATE`;
    return tx.referralLink.findUnique({ where: { id }, ...LINK_VIEW });
  }

  /** Revokes every live link of the referral; returns how many were. */
  async revokeAll(tx: Tx, referralId: string, by: string, at: Date): Promise<number> {
    const { count } = await tx.referralLink.updateMany({
      where: { referralId, revokedAt: null },
      data: { revokedAt: at, revokedById: by },
    });
    return count;
  }

  addUse(tx: Tx, use: { linkId: string; action: ReferralLinkAction; note: string | null; at: Date }) {
    return tx.referralLinkUse.create({ data: use, select: { id: true } });
  }

  /**
   * Shreds the windows' notes on a case's partner links in the caller's transaction (CaseShredder); which
   * action was taken, and when, stays. Returns how many non-empty notes were removed.
   */
  async shredNotes(tx: Tx, caseId: string): Promise<number> {
    return tx.$executeRaw`
      UPDATE referral_link_uses SET note = NULL
       WHERE note IS NOT NULL AND note <> ''
         AND link_id IN (SELECT l.id FROM referral_links l JOIN referrals r ON r.id = l.referral_id
                          WHERE r.case_id = ${caseId}::uuid)`;
  }
}
