import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ReferralStatus } from '@madoguchi/db';
import {
  jaDate,
  tokyoDateKey,
  type TErrorReason,
  type TLocalized,
  type TPartnerLinkAction,
  type TPartnerLinkState,
  type TPartnerLinkStatus,
} from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import { AuditService } from '../audit/audit.service';
import { DeskIdentityService } from '../desk/desk-identity.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PartnerLinkTokens } from './partner-link-tokens';
import { PartnerLinksRepository, type ReferralLinkRow } from './partner-links.repository';
import type { Tx } from './referrals.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the window may still do, by the referral's status (sent: all three; acknowledged: the two endings). */
const ACTIONS_BY_STATUS: Partial<Record<ReferralStatus, readonly TPartnerLinkAction[]>> = {
  sent: ['acknowledge', 'complete', 'decline'],
  acknowledged: ['complete', 'decline'],
};

/** Answers that end the link. */
const FINAL_ACTIONS: readonly TPartnerLinkAction[] = ['complete', 'decline'];

/** What a referral notice to the window names: numbers and names only, never the person. */
export type WindowNotice = {
  referral: { id: string; caseId: string; referralNumber: string };
  window: { slug: string; nameJa: string; nameEn: string; referralEmail: string };
  link: { id: string; url: string; expiresAt: Date };
};

export type LinkLike = Pick<ReferralLinkRow, 'revokedAt' | 'expiresAt'> & {
  uses: readonly { action: TPartnerLinkAction }[];
};

/** The link's state now: revoked and expired first (they say why nothing works), then whether anything is left. */
export function linkState(link: LinkLike, status: ReferralStatus, now: Date): TPartnerLinkState {
  if (link.revokedAt) {
    return 'revoked';
  }
  if (link.expiresAt.getTime() <= now.getTime()) {
    return 'expired';
  }
  return remainingActions(link, status).length > 0 ? 'active' : 'closed';
}

/** The actions still open on a live link: single use each, none after an ending, none once the referral moved on. */
export function remainingActions(
  link: { uses: readonly { action: TPartnerLinkAction }[] },
  status: ReferralStatus,
): TPartnerLinkAction[] {
  const used = new Set(link.uses.map((use) => use.action));
  if (FINAL_ACTIONS.some((action) => used.has(action))) {
    return [];
  }
  return (ACTIONS_BY_STATUS[status] ?? []).filter((action) => !used.has(action));
}

export function toPartnerLinkStatus(
  link: ReferralLinkRow,
  status: ReferralStatus,
  now: Date,
): TPartnerLinkStatus {
  return {
    id: link.id,
    state: linkState(link, status, now),
    issuedAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt ? link.revokedAt.toISOString() : null,
    uses: link.uses.map((use) => ({ action: use.action, at: use.at.toISOString(), note: use.note })),
  };
}

/**
 * Partner acknowledgement links: issued when a referral is sent, printed on its letter, looked up by the hash of
 * the token, revoked from the referral. The referral's status changes stay in ReferralsService.
 */
@Injectable()
export class PartnerLinksService {
  private readonly lifetimeMs: number;

  constructor(
    private readonly repository: PartnerLinksRepository,
    private readonly tokens: PartnerLinkTokens,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly deskIdentity: DeskIdentityService,
    config: ApiConfig,
  ) {
    this.lifetimeMs = config.env.PARTNER_LINK_DAYS * DAY_MS;
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * Inside the send's transaction: a referral that has no live link gets one (a re-send after no reply keeps the
   * link its letter already carries, unless it expired or was revoked).
   */
  async ensureIssued(
    tx: Tx,
    referral: { id: string; caseId: string; referralNumber: string },
    now: Date,
  ): Promise<void> {
    const latest = await this.repository.latestForReferral(referral.id, tx);
    if (latest && !latest.revokedAt && latest.expiresAt > now) {
      return;
    }
    await this.issue(tx, referral, now, 'referral.link_issued');
  }

  /** Revokes the live link; false when there was none. */
  async revoke(
    tx: Tx,
    referral: { id: string; caseId: string; referralNumber: string },
    actorId: string,
    now: Date,
  ): Promise<boolean> {
    const count = await this.repository.revokeAll(tx, referral.id, actorId, now);
    if (count > 0) {
      await this.audit.record(
        {
          action: 'referral.link_revoked',
          entity: 'referral',
          entityId: referral.id,
          caseId: referral.caseId,
          meta: { referralNumber: referral.referralNumber },
        },
        tx,
      );
    }
    return count > 0;
  }

  /** A new link (new id, new token) after revoking the old one: the letter must be printed again. */
  async reissue(
    tx: Tx,
    referral: { id: string; caseId: string; referralNumber: string },
    actorId: string,
    now: Date,
  ): Promise<void> {
    await this.repository.revokeAll(tx, referral.id, actorId, now);
    await this.issue(tx, referral, now, 'referral.link_reissued');
  }

  private async issue(
    tx: Tx,
    referral: { id: string; caseId: string; referralNumber: string },
    now: Date,
    action: 'referral.link_issued' | 'referral.link_reissued',
  ): Promise<void> {
    const id = randomUUID();
    const keyId = this.tokens.currentKeyId();
    const token = this.tokens.token(id, keyId)!;
    const expiresAt = new Date(now.getTime() + this.lifetimeMs);
    await this.repository.insert(tx, {
      id,
      referralId: referral.id,
      tokenHash: this.tokens.hash(token),
      keyId,
      createdAt: now,
      expiresAt,
    });
    await this.audit.record(
      {
        action,
        entity: 'referral',
        entityId: referral.id,
        caseId: referral.caseId,
        // The link's id, never its token: the log is readable by supervisors, the token opens the referral.
        meta: { referralNumber: referral.referralNumber, linkId: id, expiresAt: expiresAt.toISOString() },
      },
      tx,
    );
  }

  /**
   * The URL the letter prints: the referral's live link, derived again from its id. Null when there is none (a
   * draft, a revoked or expired link) or its key was retired; the letter then goes out without a link.
   */
  async letterLink(referralId: string): Promise<{ url: string; expiresAt: Date } | null> {
    const link = await this.repository.latestForReferral(referralId);
    if (!link || link.revokedAt || link.expiresAt <= this.clock.now()) {
      return null;
    }
    const token = this.tokens.token(link.id, link.keyId);
    return token ? { url: this.tokens.url(token), expiresAt: link.expiresAt } : null;
  }

  /**
   * Under the referral's lock: the live link to e-mail and its URL, or the 409 that says why not (no link, revoked,
   * expired, or its key retired so the token cannot be made again).
   */
  async liveLinkForNotice(tx: Tx, referralId: string, now: Date): Promise<WindowNotice['link']> {
    const link = await this.repository.latestForReferral(referralId, tx);
    const token =
      link && !link.revokedAt && link.expiresAt > now ? this.tokens.token(link.id, link.keyId) : null;
    if (!link || !token) {
      throw new AppError('conflict', {
        message: `Referral ${referralId} has no live partner link to e-mail`,
        userMessage: {
          ja: 'この紹介には有効な先方確認リンクがありません(取り消し済み・期限切れ)。リンクを再発行してから送ってください。',
          en: 'This referral has no active partner link (revoked or expired). Reissue the link, then send it.',
        },
        details: { reason: 'partner_link_not_live' },
      });
    }
    return { id: link.id, url: this.tokens.url(token), expiresAt: link.expiresAt };
  }

  /**
   * Queues the referral notice to the window's address (one mail, through the notifications outbox) and audits it
   * with the referral's number and the window's slug; the token appears only in the mail's URL.
   */
  async emailNotice(notice: WindowNotice): Promise<void> {
    const content = this.noticeContent(
      notice,
      (await this.deskIdentity.identity()).name.trim() || 'Madoguchi',
    );
    const mail = await this.notifications.mailWindow({
      referralLinkId: notice.link.id,
      to: notice.window.referralEmail,
      ...content,
    });
    await this.audit.record({
      action: 'referral.link_emailed',
      entity: 'referral',
      entityId: notice.referral.id,
      caseId: notice.referral.caseId,
      meta: {
        referralNumber: notice.referral.referralNumber,
        windowSlug: notice.window.slug,
        linkId: notice.link.id,
        mailId: mail.id,
      },
    });
  }

  /**
   * Subject and text: the desk (its name as on the letters: /admin/desk, else CENTRE_NAME), the referral's number,
   * the window, the link and its expiry. Nothing else.
   */
  noticeContent(notice: WindowNotice, deskName: string): { subject: string; text: string } {
    const { referral, window, link } = notice;
    const number = referral.referralNumber;
    return {
      subject: `ご紹介のお知らせ ${number} / Referral notice`,
      text: [
        `${window.nameJa} ご担当者様`,
        '',
        `${deskName}より、ご紹介(紹介番号 ${number})のお知らせです。`,
        '下記のリンクから、ご本人が共有に同意した内容をご確認いただけます。受付・対応完了・お断りのご連絡も、同じページからお願いいたします。',
        `リンク: ${link.url}`,
        `有効期限: ${jaDate(link.expiresAt)}(日本時間)まで`,
        'このリンクは貴窓口宛てのものです。第三者に渡さないでください。',
        '',
        `To: ${window.nameEn}`,
        '',
        `${deskName} is referring someone to you (referral number ${number}).`,
        'The page at this link shows what the person agreed to share; you can acknowledge, complete or decline the referral there.',
        `Link: ${link.url}`,
        `Valid until: ${tokyoDateKey(link.expiresAt)} (Japan time)`,
        'This link is meant for your window only; please do not pass it on.',
      ].join('\n'),
    };
  }

  async latest(referralId: string): Promise<ReferralLinkRow | null> {
    return this.repository.latestForReferral(referralId);
  }

  /**
   * The link a token opens, or a 404 that says nothing more: a forged token, a mistyped URL and a link of a deleted
   * referral all look alike. Refusals are audited with the address (as a failed sign-in is).
   */
  async find(token: string, attempted: TPartnerLinkAction | 'view'): Promise<ReferralLinkRow> {
    const link = this.tokens.isWellFormed(token)
      ? await this.repository.findByHash(this.tokens.hash(token))
      : null;
    if (!link) {
      throw await this.refuse('partner_link_unknown', attempted, null);
    }
    return link;
  }

  /** Locks the link for the answer's transaction and re-reads it. */
  lock(tx: Tx, id: string): Promise<ReferralLinkRow | null> {
    return this.repository.lock(tx, id);
  }

  /** Why the action cannot be taken now, or null when it can. */
  refusal(
    link: ReferralLinkRow,
    status: ReferralStatus,
    action: TPartnerLinkAction | 'view',
    now: Date,
  ): TErrorReason | null {
    const state = linkState(link, status, now);
    if (state === 'revoked') {
      return 'partner_link_revoked';
    }
    if (state === 'expired') {
      return 'partner_link_expired';
    }
    if (action === 'view') {
      return null;
    }
    if (link.uses.some((use) => use.action === action)) {
      return 'partner_link_action_used';
    }
    return remainingActions(link, status).includes(action) ? null : 'partner_link_closed';
  }

  recordUse(tx: Tx, linkId: string, action: TPartnerLinkAction, note: string | null, at: Date) {
    return this.repository.addUse(tx, { linkId, action, note, at });
  }

  /** The audited refusal, as the error to throw (written outside any transaction, so it stays). */
  async refuse(
    reason: TErrorReason,
    attempted: TPartnerLinkAction | 'view',
    link: { id: string; referralId: string } | null,
    context: { caseId?: string; status?: ReferralStatus } = {},
  ): Promise<AppError> {
    await this.audit.record({
      action: 'referral.partner_link_refused',
      entity: 'referral',
      entityId: link?.referralId ?? null,
      caseId: context.caseId ?? null,
      meta: { reason, attempted, ...(link ? { linkId: link.id } : {}) },
    });
    return partnerLinkError(reason, context.status);
  }
}

const MESSAGES: Record<string, TLocalized> = {
  partner_link_unknown: {
    ja: 'このリンクは見つかりませんでした。紹介状に印刷されたURLを、もう一度お確かめください。',
    en: 'This link was not found. Please check the URL printed on the referral letter.',
  },
  partner_link_expired: {
    ja: 'このリンクは有効期限が切れています。お手数ですが、紹介元の窓口へお電話ください。',
    en: 'This link has expired. Please call the referring desk.',
  },
  partner_link_revoked: {
    ja: 'このリンクは紹介元によって取り消されました。紹介元の窓口へお問い合わせください。',
    en: 'The referring desk revoked this link. Please contact them.',
  },
  partner_link_action_used: {
    ja: 'この操作はすでに行われています。同じ操作は一度だけできます。',
    en: 'This has already been done. Each action can be taken only once.',
  },
  partner_link_closed: {
    ja: 'この紹介は、いまはこの操作を受け付けていません(すでに終了しているか、状態が変わっています)。',
    en: 'This referral no longer accepts this action (it has ended or its status changed).',
  },
};

const CODES: Record<string, 'not_found' | 'forbidden' | 'conflict'> = {
  partner_link_unknown: 'not_found',
  partner_link_expired: 'forbidden',
  partner_link_revoked: 'forbidden',
  partner_link_action_used: 'conflict',
  partner_link_closed: 'conflict',
};

export function partnerLinkError(reason: TErrorReason, status?: ReferralStatus): AppError {
  return new AppError(CODES[reason] ?? 'conflict', {
    message: `Partner link refused: ${reason}`,
    userMessage: MESSAGES[reason],
    details: { reason, ...(status ? { status } : {}) },
  });
}
