import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { REFERRAL_STATUS_LABELS, type TPartnerLetterBlock, type TPartnerLinkView } from '@madoguchi/shared';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { EvidenceService } from '../evidence/evidence.service';
import type { EvidenceRow } from '../evidence/evidence.repository';
import { linkState, PartnerLinksService, remainingActions } from '../referrals/partner-links.service';
import type { PdfBlock } from '../reports/pdf/pdf-document';
import { ReportsService } from '../reports/reports.service';

/**
 * What a partner link opens. The referral's details are the letter's own blocks (buildReferralLetter applies the
 * consent, field by field), shown while the window can still act on them; once the loop is closed the page shows
 * only where the referral stands.
 */
@Injectable()
export class PartnerLinkViewService {
  constructor(
    private readonly links: PartnerLinksService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly evidence: EvidenceService,
  ) {}

  async view(token: string): Promise<TPartnerLinkView> {
    const link = await this.links.find(token, 'view');
    const now = this.links.now();
    const { referral, built } = await this.reports.letterContent(link.referralId, now);
    const refused = this.links.refusal(link, referral.status, 'view', now);
    if (refused) {
      throw await this.links.refuse(refused, 'view', link, {
        caseId: referral.caseId,
        status: referral.status,
      });
    }
    const state = linkState(link, referral.status, now);
    const actions = remainingActions(link, referral.status);
    const letter = state === 'active' ? built.model.blocks.flatMap(toPartnerBlock) : [];
    // A look at the referral through the link is a view of the person's data: audited with the address.
    await this.audit.record({
      action: 'referral.partner_link_viewed',
      entity: 'referral',
      entityId: referral.id,
      caseId: referral.caseId,
      meta: {
        referralNumber: referral.referralNumber,
        linkId: link.id,
        state,
        fields: state === 'active' ? built.fields : [],
      },
    });
    const centre = await this.reports.centre();
    return {
      referralNumber: referral.referralNumber,
      window: { name: { ja: referral.window.nameJa, en: referral.window.nameEn } },
      centre: { name: centre.name, phone: centre.phone },
      status: referral.status,
      statusLabel: REFERRAL_STATUS_LABELS[referral.status],
      state,
      expiresAt: link.expiresAt.toISOString(),
      uses: link.uses.map((use) => ({ action: use.action, at: use.at.toISOString() })),
      actions,
      letter,
      files:
        state === 'active'
          ? built.evidence.map(({ id, name, kind, sizeBytes, sha256, deleted }) => ({
              id,
              name,
              kind,
              sizeBytes,
              sha256,
              deleted,
            }))
          : [],
    };
  }

  /**
   * One evidence file the consent shares, for the window, while its link is active (like the letter on the page):
   * any file the letter does not list is not found. Audited as the window's download, with the hash.
   */
  async openEvidence(
    token: string,
    fileId: string,
  ): Promise<{ body: Readable; file: EvidenceRow; filename: string }> {
    const link = await this.links.find(token, 'view');
    const now = this.links.now();
    const { referral, fileIds } = await this.reports.sharedEvidence(link.referralId);
    const state = linkState(link, referral.status, now);
    const refused =
      this.links.refusal(link, referral.status, 'view', now) ??
      (state === 'active' ? null : 'partner_link_closed');
    if (refused) {
      throw await this.links.refuse(refused, 'view', link, {
        caseId: referral.caseId,
        status: referral.status,
      });
    }
    // Shared files were clean when the consent named them, and a clean file stays clean: open() checks again.
    if (!fileIds.includes(fileId)) {
      throw new AppError('not_found', { message: 'No such file shared with this window' });
    }
    return this.evidence.open(referral.caseId, fileId, {
      action: 'referral.partner_evidence_downloaded',
      entity: 'referral',
      entityId: referral.id,
      meta: { referralNumber: referral.referralNumber, linkId: link.id, fileId },
    });
  }
}

/** The letter's text blocks as the page shows them; drawing-only blocks (title, QR code, charts) are left out. */
function toPartnerBlock(block: PdfBlock): TPartnerLetterBlock[] {
  switch (block.kind) {
    case 'heading':
    case 'subheading':
    case 'paragraph':
      return [{ kind: block.kind, text: block.text }];
    case 'fields':
      return [{ kind: 'fields', rows: block.rows.map((row) => ({ label: row.label, value: row.value })) }];
    case 'list':
      return [{ kind: 'list', items: [...block.items] }];
    default:
      return [];
  }
}
