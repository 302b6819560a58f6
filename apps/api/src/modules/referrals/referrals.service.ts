import { Injectable, Logger } from '@nestjs/common';
import type { Prisma, ReferralStatus } from '@madoguchi/db';
import {
  checkReferralTransition,
  defaultFollowUpDue,
  ELIGIBILITY_WARNING_REASON,
  isEligible,
  isTerminalReferralStatus,
  REFERRAL_FOLLOW_UP_STATUSES,
  REFERRAL_STATUS_LABELS,
  ZPrefectureCode,
  type TCreateReferral,
  type TErrorReason,
  type TFollowUpsQuery,
  type TNotificationKind,
  type TPartnerLinkAction,
  type TPartnerLinkAnswer,
  type TReferral,
  type TReferralConsent,
  type TReferralFollowUp,
  type TReferralStatusRequest,
  type TUpdateReferral,
} from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { ApiConfig } from '../../config/api-config';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { caseClosedForReferral, caseNotFound } from '../cases/case-errors';
import { CaseWorkflowService } from '../cases/case-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { toReferralWindow } from '../windows/windows.mapper';
import { PartnerLinksService, remainingActions, type WindowNotice } from './partner-links.service';
import { newReferralNumber } from './referral-number';
import { toFollowUp, toReferral } from './referrals.mapper';
import {
  ReferralsRepository,
  type LockedCase,
  type LockedReferral,
  type ReferralChange,
  type Tx,
} from './referrals.repository';

const FOLLOW_UPS_DEFAULT_LIMIT = 100;

/** The referral status each partner answer leads to. */
const PARTNER_TARGET = {
  acknowledge: 'acknowledged',
  complete: 'completed',
  decline: 'declined',
} as const satisfies Record<TPartnerLinkAction, ReferralStatus>;

/** The notification of a partner's answer names the status it reached (`referral.acknowledged`…). */
function partnerNotification(reached: 'acknowledged' | 'completed' | 'declined'): TNotificationKind {
  return `referral.${reached}`;
}

type PartnerOutcome =
  | { refused: TErrorReason; status?: ReferralStatus }
  | { status: ReferralStatus; actions: TPartnerLinkAction[]; referralId: string };

/** One step of a referral's loop, by a staff member or (actorId null) by the window through its link. */
type Move = {
  caseId: string;
  lockedCase: LockedCase;
  referral: LockedReferral;
  version: number;
  to: ReferralStatus;
  actorId: string | null;
  note: string | null;
  outcomeNote?: string;
  followUpDueAt?: string;
  now: Date;
};

@Injectable()
export class ReferralsService {
  private readonly logger = new Logger(ReferralsService.name);

  constructor(
    private readonly repository: ReferralsRepository,
    private readonly audit: AuditService,
    private readonly workflow: CaseWorkflowService,
    private readonly partnerLinks: PartnerLinksService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly config: ApiConfig,
  ) {}

  async create(caseId: string, input: TCreateReferral, user: AuthUser, now = new Date()): Promise<TReferral> {
    const window = await this.repository.findWindow(input.windowSlug);
    if (!window) {
      throw windowError('window_not_found', input.windowSlug);
    }
    if (!window.active) {
      throw windowError('window_inactive', input.windowSlug);
    }
    const consent: TReferralConsent = {
      givenBy: input.consent.givenBy,
      givenAt: input.consent.givenAt ? new Date(input.consent.givenAt).toISOString() : now.toISOString(),
      recordedById: user.id,
      fields: input.consent.fields,
      ...(input.consent.evidenceFileIds?.length ? { evidenceFileIds: input.consent.evidenceFileIds } : {}),
    };
    await this.checkSharedEvidence(caseId, consent.evidenceFileIds ?? []);
    // A clash on the random referral number aborts the transaction; draw again (see referral-number.ts).
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await this.repository.transaction(async (tx) => {
          const locked = await this.lockOpenCase(tx, caseId);
          const eligibility = isEligible(toReferralWindow(window), personOf(locked));
          if (!eligibility.eligible && !input.acknowledgeWarnings) {
            throw new AppError('conflict', {
              message: `Window ${window.slug} does not take this person; acknowledgeWarnings not set`,
              userMessage: {
                ja: 'この窓口の対象外の可能性があります。内容を確認し、それでも紹介する場合は確認済みとして送ってください。',
                en: 'This person may not be eligible for this window. Check the warnings and confirm to refer anyway.',
              },
              details: { reason: ELIGIBILITY_WARNING_REASON, warnings: eligibility.reasons },
            });
          }
          const referralNumber = newReferralNumber(now);
          const created = await this.repository.insert(tx, {
            referralNumber,
            caseId,
            windowSlug: window.slug,
            reason: input.reason,
            method: input.method,
            consent: consent as unknown as Prisma.InputJsonObject,
            warnings: eligibility.reasons,
            followUpDueAt: input.followUpDueAt ? new Date(input.followUpDueAt) : null,
            createdById: user.id,
          });
          await this.repository.addStatusChange(tx, {
            referralId: created.id,
            from: null,
            to: 'draft',
            actorId: user.id,
            note: null,
          });
          await this.workflow.addReferralEvent(tx, {
            caseId,
            actorId: user.id,
            data: {
              referralId: created.id,
              referralNumber,
              windowSlug: window.slug,
              from: null,
              to: 'draft',
            },
          });
          // No free text in the audit log: it is append-only, so whatever goes in can never be taken out.
          await this.audit.record(
            {
              action: 'referral.create',
              entity: 'referral',
              entityId: created.id,
              caseId,
              meta: {
                referralNumber,
                windowSlug: window.slug,
                method: input.method,
                consentGivenBy: consent.givenBy,
                consentFields: consent.fields,
                warningsAcknowledged: eligibility.reasons.length,
              },
            },
            tx,
          );
          return created.id;
        });
        return await this.readAfterWrite(id);
      } catch (error) {
        if (!isReferralNumberClash(error) || attempt >= 5) {
          throw error;
        }
      }
    }
  }

  async changeStatus(id: string, input: TReferralStatusRequest, user: AuthUser, now = new Date()) {
    const caseId = await this.repository.caseIdOf(id);
    if (!caseId) {
      throw referralNotFound(id);
    }
    await this.repository.transaction(async (tx) => {
      const lockedCase = await this.repository.lockCase(tx, caseId);
      const referral = await this.repository.lockReferral(tx, id);
      if (!lockedCase || !referral) {
        throw referralNotFound(id);
      }
      assertVersion(referral, input.version);
      await this.move(tx, {
        caseId,
        lockedCase,
        referral,
        version: input.version,
        to: input.to,
        actorId: user.id,
        note: input.note ?? null,
        outcomeNote: input.outcomeNote,
        followUpDueAt: input.followUpDueAt,
        now,
      });
    });
    return this.readAfterWrite(id);
  }

  /**
   * The window's answer through its partner link: acknowledge, complete (with the outcome) or decline (with the
   * reason). The link, the action and the referral's status are checked under the same locks as a staff change, the
   * referral moves through the same steps (complete on a sent referral passes through acknowledged), and the link's
   * use is recorded once (a unique key backs the check). A refused answer changes nothing and is audited.
   */
  async answerAsPartner(
    token: string,
    action: TPartnerLinkAction,
    text: string | null,
  ): Promise<TPartnerLinkAnswer> {
    const found = await this.partnerLinks.find(token, action);
    const caseId = await this.repository.caseIdOf(found.referralId);
    if (!caseId) {
      throw await this.partnerLinks.refuse('partner_link_unknown', action, null);
    }
    const now = this.clock.now();
    const outcome = await this.repository.transaction(async (tx): Promise<PartnerOutcome> => {
      const lockedCase = await this.repository.lockCase(tx, caseId);
      const referral = await this.repository.lockReferral(tx, found.referralId);
      const link = await this.partnerLinks.lock(tx, found.id);
      if (!lockedCase || !referral || !link) {
        return { refused: 'partner_link_unknown' };
      }
      const refused = this.partnerLinks.refusal(link, referral.status, action, now);
      if (refused) {
        return { refused, status: referral.status };
      }
      const target = PARTNER_TARGET[action];
      // A window that completed the work evidently received it: the history shows both steps, as the loop allows.
      const steps: ReferralStatus[] =
        action === 'complete' && referral.status === 'sent' ? ['acknowledged', target] : [target];
      let version = referral.version;
      let current: LockedReferral = referral;
      for (const to of steps) {
        const last = to === target;
        await this.move(tx, {
          caseId,
          lockedCase,
          referral: current,
          version,
          to,
          actorId: null,
          note: last ? text : null,
          outcomeNote: last && action !== 'acknowledge' && text ? text : undefined,
          now,
        });
        version += 1;
        current = { ...current, status: to, version };
      }
      await this.partnerLinks.recordUse(tx, link.id, action, text, now);
      await this.audit.record(
        {
          action: 'referral.partner_answered',
          entity: 'referral',
          entityId: referral.id,
          caseId,
          // The window's note is free text about the person: it stays in the referral, not in the append-only log.
          meta: {
            referralNumber: referral.referralNumber,
            windowSlug: referral.windowSlug,
            linkId: link.id,
            action,
            from: referral.status,
            to: target,
            withNote: text !== null,
          },
        },
        tx,
      );
      const uses = [...link.uses.map((use) => ({ action: use.action })), { action }];
      return { status: target, actions: remainingActions({ uses }, target), referralId: referral.id };
    });
    if ('refused' in outcome) {
      throw outcome.refused === 'partner_link_unknown' || !outcome.status
        ? await this.partnerLinks.refuse('partner_link_unknown', action, null)
        : await this.partnerLinks.refuse(outcome.refused, action, found, { caseId, status: outcome.status });
    }
    await this.notifyPartnerAnswer(partnerNotification(PARTNER_TARGET[action]), caseId, outcome.referralId);
    return {
      action,
      status: outcome.status,
      statusLabel: REFERRAL_STATUS_LABELS[outcome.status],
      actions: outcome.actions,
    };
  }

  /**
   * The answer is committed before anyone is told: a notification that fails must not make the window's answer look
   * refused (it was taken), so the failure is logged for the admins and the reply goes out.
   */
  private async notifyPartnerAnswer(
    kind: TNotificationKind,
    caseId: string,
    referralId: string,
  ): Promise<void> {
    try {
      const assigneeId = await this.repository.caseAssignee(caseId);
      await this.notifications.notify({
        kind,
        caseId,
        referralId,
        to: { userIds: assigneeId ? [assigneeId] : [], roles: ['supervisor'] },
      });
    } catch (error) {
      this.logger.error(
        { err: error, kind, caseId, referralId },
        'notifying staff of a partner answer failed',
      );
    }
  }

  /** Revokes the referral's partner link (a letter sent to the wrong address); the referral is otherwise unchanged. */
  async revokeLink(id: string, user: AuthUser): Promise<TReferral> {
    const referral = await this.lockedForLink(id, async (tx, locked, caseId) => {
      const revoked = await this.partnerLinks.revoke(tx, { ...locked, caseId }, user.id, this.clock.now());
      if (!revoked) {
        throw new AppError('conflict', {
          message: `Referral ${id} has no live partner link`,
          userMessage: {
            ja: 'この紹介には有効な先方確認リンクがありません。',
            en: 'This referral has no active partner link.',
          },
          details: { reason: 'partner_link_revoked' },
        });
      }
    });
    return referral;
  }

  /** A new link for a referral still waiting for the window; the old one stops working. */
  async reissueLink(id: string, user: AuthUser): Promise<TReferral> {
    return this.lockedForLink(id, async (tx, locked, caseId) => {
      if (!ISSUABLE.includes(locked.status)) {
        throw notIssuable(id, locked.status);
      }
      await this.partnerLinks.reissue(tx, { ...locked, caseId }, user.id, this.clock.now());
    });
  }

  /**
   * E-mails the live link to the window's referral address (set by an admin, only where agreed with the window):
   * checked under the referral's lock, queued once the lock is released. The referral is otherwise unchanged.
   */
  async emailLink(id: string): Promise<TReferral> {
    const found: { notice?: WindowNotice } = {};
    const referral = await this.lockedForLink(id, async (tx, locked, caseId) => {
      if (!ISSUABLE.includes(locked.status)) {
        throw notIssuable(id, locked.status);
      }
      const link = await this.partnerLinks.liveLinkForNotice(tx, id, this.clock.now());
      const window = await this.repository.findWindow(locked.windowSlug);
      if (!window?.referralEmail) {
        throw new AppError('conflict', {
          message: `Window ${locked.windowSlug} has no referral e-mail address`,
          userMessage: {
            ja: 'この窓口には紹介の連絡先メールアドレスが登録されていません。管理者が窓口の設定で追加できます。',
            en: 'This window has no referral e-mail address. An admin can add one in the window settings.',
          },
          details: { reason: 'window_email_missing' },
        });
      }
      found.notice = {
        referral: { id, caseId, referralNumber: locked.referralNumber },
        window: {
          slug: window.slug,
          nameJa: window.nameJa,
          nameEn: window.nameEn,
          referralEmail: window.referralEmail,
        },
        link,
      };
    });
    await this.partnerLinks.emailNotice(found.notice!);
    return referral;
  }

  private async lockedForLink(
    id: string,
    fn: (tx: Tx, referral: LockedReferral, caseId: string) => Promise<void>,
  ): Promise<TReferral> {
    const caseId = await this.repository.caseIdOf(id);
    if (!caseId) {
      throw referralNotFound(id);
    }
    await this.repository.transaction(async (tx) => {
      await this.repository.lockCase(tx, caseId);
      const referral = await this.repository.lockReferral(tx, id);
      if (!referral) {
        throw referralNotFound(id);
      }
      await fn(tx, referral, caseId);
    });
    return this.readAfterWrite(id);
  }

  /** One checked step of the loop, with its history row, timeline event and audit entry (and a link on sending). */
  private async move(tx: Tx, step: Move): Promise<void> {
    const { caseId, lockedCase, referral, to, now } = step;
    const id = referral.id;
    const from = referral.status;
    const check = checkReferralTransition(from, to);
    if (!check.ok) {
      throw new AppError('conflict', {
        message: `Referral ${id} cannot move from ${from} to ${to}`,
        userMessage: check.message,
        details: { reason: 'transition_not_allowed', from, to },
      });
    }
    if (step.followUpDueAt && isTerminalReferralStatus(to)) {
      throw fieldError('followUpDueAt', {
        ja: '終わった紹介にはフォローアップ日を設定できません',
        en: 'A closed referral has no follow-up date',
      });
    }

    const change: ReferralChange = { status: to };
    if (step.outcomeNote !== undefined) {
      change.outcomeNote = step.outcomeNote;
    }
    if (step.followUpDueAt) {
      change.followUpDueAt = new Date(step.followUpDueAt);
    }
    if (to === 'sent') {
      const window = await this.repository.findWindow(referral.windowSlug);
      if (!window?.active) {
        throw windowError('window_inactive', referral.windowSlug);
      }
      change.sentAt = now;
      // A follow-up date planned on the draft is kept; a re-send after no reply starts a new week.
      change.followUpDueAt ??=
        from === 'draft' && referral.followUpDueAt && referral.followUpDueAt > now
          ? referral.followUpDueAt
          : defaultFollowUpDue(now);
    }
    if (to === 'acknowledged') {
      change.acknowledgedAt = now;
    }
    if (isTerminalReferralStatus(to)) {
      change.closedAt = now;
    }

    if (!(await this.repository.update(tx, id, step.version, change))) {
      throw versionConflict(id);
    }
    await this.repository.addStatusChange(tx, {
      referralId: id,
      from,
      to,
      actorId: step.actorId,
      note: step.note,
    });
    await this.workflow.addReferralEvent(tx, {
      caseId,
      actorId: step.actorId,
      data: {
        referralId: id,
        referralNumber: referral.referralNumber,
        windowSlug: referral.windowSlug,
        from,
        to,
        ...(step.note ? { note: step.note } : {}),
        ...(step.actorId === null ? { via: 'partner_link' } : {}),
      },
    });
    await this.audit.record(
      {
        action: to === 'sent' ? 'referral.send' : 'referral.status_change',
        entity: 'referral',
        entityId: id,
        caseId,
        meta: { referralNumber: referral.referralNumber, windowSlug: referral.windowSlug, from, to },
      },
      tx,
    );
    if (to === 'sent') {
      // The letter printed from now on carries the window's link (see PartnerLinkTokens).
      await this.partnerLinks.ensureIssued(tx, { id, caseId, referralNumber: referral.referralNumber }, now);
      // A closed case refuses the move, and the whole send is rolled back.
      await this.workflow.moveToReferred(tx, lockedCase, { referralId: id, actorId: step.actorId! });
    }
  }

  async update(id: string, input: TUpdateReferral): Promise<TReferral> {
    const caseId = await this.repository.caseIdOf(id);
    if (!caseId) {
      throw referralNotFound(id);
    }
    await this.repository.transaction(async (tx) => {
      const referral = await this.repository.lockReferral(tx, id);
      if (!referral) {
        throw referralNotFound(id);
      }
      assertVersion(referral, input.version);
      const { version: _version, ...fields } = input;
      const changed = Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== undefined);
      // The outcome often arrives after the loop is closed; what was referred, how and when may not be rewritten.
      if (isTerminalReferralStatus(referral.status) && changed.some((key) => key !== 'outcomeNote')) {
        throw new AppError('conflict', {
          message: `Referral ${id} is ${referral.status}; only the outcome note can change`,
          userMessage: {
            ja: '終わった紹介は結果メモだけ変更できます',
            en: 'Only the outcome note of a closed referral can be changed',
          },
          details: { reason: 'referral_closed', status: referral.status },
        });
      }
      const change: ReferralChange = {
        reason: fields.reason,
        method: fields.method,
        outcomeNote: fields.outcomeNote,
        followUpDueAt:
          fields.followUpDueAt === undefined
            ? undefined
            : fields.followUpDueAt === null
              ? null
              : new Date(fields.followUpDueAt),
      };
      if (!(await this.repository.update(tx, id, input.version, change))) {
        throw versionConflict(id);
      }
      await this.audit.record(
        {
          action: 'referral.update',
          entity: 'referral',
          entityId: id,
          caseId,
          meta: { referralNumber: referral.referralNumber, fields: changed },
        },
        tx,
      );
    });
    return this.readAfterWrite(id);
  }

  async get(id: string): Promise<TReferral> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw referralNotFound(id);
    }
    // A referral holds the case's personal data (reason, consent): reading it is a view of the case.
    await this.audit.recordView(row.caseId, { view: 'referral', referralId: id });
    return toReferral(row, this.clock.now(), this.config.env.FOLLOWUP_GRACE_DAYS);
  }

  async listForCase(caseId: string): Promise<TReferral[]> {
    if (!(await this.repository.caseExists(caseId))) {
      throw caseNotFound(caseId);
    }
    const rows = await this.repository.listForCase(caseId);
    await this.audit.recordView(caseId, { view: 'referrals' });
    const now = this.clock.now();
    return rows.map((row) => toReferral(row, now, this.config.env.FOLLOWUP_GRACE_DAYS));
  }

  /** Referrals whose follow-up is due, oldest first: the loop the desk still has to close. */
  async followUps(query: TFollowUpsQuery, now = new Date()): Promise<TReferralFollowUp[]> {
    const rows = await this.repository.followUps(
      now,
      REFERRAL_FOLLOW_UP_STATUSES,
      query.limit ?? FOLLOW_UPS_DEFAULT_LIMIT,
    );
    await this.audit.record({
      action: 'referral.follow_ups',
      entity: 'referral',
      meta: { count: rows.length },
    });
    return rows.map(toFollowUp);
  }

  /**
   * Evidence shared with a window must be this case's and scanned clean: a pending or quarantined file is never
   * handed on, and an id from another case is named as wrong rather than silently dropped.
   */
  private async checkSharedEvidence(caseId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    const shareable = await this.repository.shareableEvidence(caseId, ids);
    const index = ids.findIndex((id) => !shareable.has(id));
    if (index >= 0) {
      throw fieldError(`consent.evidenceFileIds.${index}`, {
        ja: 'このケースの、ウイルス検査が済んだ(削除されていない)ファイルだけを共有できます',
        en: "Only this case's files that passed the virus scan (and were not deleted) can be shared",
      });
    }
  }

  private async readAfterWrite(id: string): Promise<TReferral> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw referralNotFound(id);
    }
    return toReferral(row, this.clock.now(), this.config.env.FOLLOWUP_GRACE_DAYS);
  }

  private async lockOpenCase(tx: Tx, caseId: string): Promise<LockedCase> {
    const locked = await this.repository.lockCase(tx, caseId);
    if (!locked) {
      throw caseNotFound(caseId);
    }
    if (locked.status === 'closed') {
      throw caseClosedForReferral(caseId, 'create');
    }
    return locked;
  }
}

/** Statuses in which the window can still answer, so a link can be (re)issued. */
const ISSUABLE: readonly ReferralStatus[] = ['sent', 'acknowledged'];

function notIssuable(id: string, status: ReferralStatus): AppError {
  return new AppError('conflict', {
    message: `Referral ${id} is ${status}; no partner link`,
    userMessage: {
      ja: '先方確認リンクは、送付済み・先方受付の紹介にだけ発行・送信できます。',
      en: 'A partner link can be issued or sent only for a sent or acknowledged referral.',
    },
    details: { reason: 'partner_link_not_issuable', status },
  });
}

function personOf(locked: LockedCase) {
  const prefecture = ZPrefectureCode.safeParse(locked.prefecture);
  return {
    age: locked.personAge ?? undefined,
    prefecture: prefecture.success ? prefecture.data : undefined,
  };
}

function assertVersion(referral: LockedReferral, version: number): void {
  if (referral.version !== version) {
    throw versionConflict(referral.id, referral.version);
  }
}

/** As for cases: someone saved first, so the client reloads and redoes its change. */
function versionConflict(id: string, currentVersion?: number): AppError {
  return new AppError('conflict', {
    message: `Referral ${id} was changed by someone else`,
    userMessage: {
      ja: 'この紹介は他の人が先に変更しました。再読み込みしてから、もう一度操作してください。',
      en: 'Someone else changed this referral first. Reload it and try again.',
    },
    details: { reason: 'version_conflict', ...(currentVersion === undefined ? {} : { currentVersion }) },
  });
}

function referralNotFound(id: string): AppError {
  return new AppError('not_found', {
    message: `No referral ${id}`,
    userMessage: { ja: 'この紹介は見つかりませんでした。', en: 'This referral was not found.' },
  });
}

function windowError(reason: 'window_not_found' | 'window_inactive', slug: string): AppError {
  const message =
    reason === 'window_not_found'
      ? { ja: 'この相談窓口は登録されていません', en: 'This consultation window does not exist' }
      : {
          ja: 'この相談窓口は現在紹介を受け付けていません(無効)',
          en: 'This consultation window is inactive',
        };
  return new AppError('bad_request', {
    message: `Window ${slug}: ${reason}`,
    userMessage: message,
    details: { reason, fields: [{ path: 'windowSlug', code: reason, message }] },
  });
}

function fieldError(path: string, message: { ja: string; en: string }): AppError {
  return new AppError('validation_failed', {
    message: `Invalid ${path}`,
    details: { fields: [{ path, code: 'invalid', message }] },
  });
}

function isReferralNumberClash(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002' && JSON.stringify(error).includes('referral_number');
}
