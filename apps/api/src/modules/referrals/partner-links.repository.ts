import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Prisma, ReferralLinkAction } from '@madoguchi/db';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { openOptionalText, sealOptionalText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';
import type { Tx } from './referrals.repository';

const LINK_VIEW = {
  include: { uses: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
} satisfies Prisma.ReferralLinkDefaultArgs;

export type ReferralLinkRow = Prisma.ReferralLinkGetPayload<typeof LINK_VIEW>;

/** The one writer of referral_links and referral_link_uses (the window's notes encrypted, free-texts.ts). */
@Injectable()
export class PartnerLinksRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  /** A link with the window's notes opened. */
  private async opened(link: ReferralLinkRow | null): Promise<ReferralLinkRow | null> {
    if (!link) {
      return null;
    }
    const uses = await Promise.all(
      link.uses.map(async (use) => ({
        ...use,
        note: await openOptionalText(this.crypto, 'partnerLinkUseNote', use.id, use.note),
      })),
    );
    return { ...link, uses };
  }

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
  async latestForReferral(referralId: string, tx?: Tx): Promise<ReferralLinkRow | null> {
    return this.opened(
      await (tx ?? this.prisma.client).referralLink.findFirst({
        where: { referralId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...LINK_VIEW,
      }),
    );
  }

  async findByHash(tokenHash: string): Promise<ReferralLinkRow | null> {
    return this.opened(
      await this.prisma.client.referralLink.findUnique({ where: { tokenHash }, ...LINK_VIEW }),
    );
  }

  /** Row lock on the link for the rest of the transaction, then its current state. */
  async lock(tx: Tx, id: string): Promise<ReferralLinkRow | null> {
    await tx.$queryRaw`SELECT 1 FROM referral_links WHERE id = ${id}::uuid FOR UPDATE`;
    return this.opened(await tx.referralLink.findUnique({ where: { id }, ...LINK_VIEW }));
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
    const id = randomUUID();
    return tx.referralLinkUse.create({
      data: { ...use, id, note: sealOptionalText(this.crypto, 'partnerLinkUseNote', id, use.note) },
      select: { id: true },
    });
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
