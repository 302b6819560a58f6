import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type TMailOutboxPage,
  type TMailOutboxQuery,
  type TMailStatus,
  type TNotification,
  type TNotificationKind,
  type TNotificationPage,
  type TNotificationPreferences,
  type TNotificationQuery,
  type TNotificationsMarked,
  type TRole,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { MailerService } from './mailer.service';
import { requeueMailJob, sendMailJob } from './notifications.jobs';
import { NotificationsRepository, type Position } from './notifications.repository';

/** What happened, about which case, and who is to be told. */
export type NotifyInput = {
  kind: TNotificationKind;
  caseId: string;
  referralId?: string;
  /** Users by id, and/or every active user holding one of these roles (e.g. supervisors). */
  to: { userIds?: readonly string[]; roles?: readonly TRole[] };
  /** The staff member whose action caused it: never notified of their own action. */
  actorId?: string | null;
  /**
   * Makes the notification once-only: a second notify() with the same kind, recipient and key
   * creates nothing (e.g. `followup.due` keyed by the due date, so a re-run scan does not repeat it).
   */
  key?: string;
};

const DEFAULT_PAGE = 30;
const DEFAULT_OUTBOX_PAGE = 50;
/** A pending mail whose job was never queued (the queue was down) is queued again after this. */
const REQUEUE_AFTER_MS = 5 * 60_000;
const REQUEUE_BATCH = 500;

/**
 * Notifications for staff: in-app (bell, list, mark read) and e-mail (SMTP, or the database outbox).
 * Call notify() after the change it reports has been committed.
 *
 * E-mails: each is a row of mail_outbox, written with its notification. With SMTP_URL set it is `pending`
 * and a `notifications.send-mail` job (keyed by the mail's id) sends it; a failed send is retried with the
 * queue's back-off and, after the last retry, the row is `failed` with the error. Without SMTP_URL it is
 * `outbox`: kept for admins to read, never dropped. Subjects and texts name the case by its receipt number
 * and link to it; they never carry the person's data.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly jobs: JobsService,
    private readonly mailer: MailerService,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(sendMailJob, ({ mailId }, run) => this.sendMail(mailId, run.attempt));
    await this.jobs.register(requeueMailJob, async () => {
      const queued = await this.requeueStale();
      if (queued > 0) {
        this.logger.log(`Queued ${queued} pending notification e-mails again`);
      }
    });
  }

  /**
   * Tells the recipients (minus the actor, each once): an in-app notification each, and an e-mail to
   * those whose preferences want this kind. Writes both in one transaction; the e-mails' jobs are queued
   * after it (when the queue is off or down, the mails stay pending and requeueMailJob picks them up).
   */
  /** Who a notification sent now to `to` would reach (active users), by id. */
  async recipientIds(to: NotifyInput['to']): Promise<string[]> {
    return (await this.repository.recipients(to.userIds ?? [], to.roles ?? [])).map((r) => r.id);
  }

  async notify(input: NotifyInput): Promise<void> {
    const recipients = (
      await this.repository.recipients(input.to.userIds ?? [], input.to.roles ?? [])
    ).filter((r) => r.id !== input.actorId);
    if (recipients.length === 0) {
      return;
    }
    const numbers = await this.repository.caseNumbers(input.caseId, input.referralId ?? null);
    if (!numbers) {
      this.logger.warn(`notify(${input.kind}): no case ${input.caseId}`);
      return;
    }
    const emailKinds = await this.repository.emailKinds(recipients.map((r) => r.id));
    const addresses = new Map(recipients.map((r) => [r.id, r.email]));
    const content = this.mailContent(input.kind, input.caseId, numbers);
    const status = this.mailer.configured ? 'pending' : 'outbox';
    const { mails } = await this.repository.insert(
      {
        kind: input.kind,
        caseId: input.caseId,
        referralId: input.referralId ?? null,
        key: input.key ?? null,
      },
      recipients.map((r) => r.id),
      (recipientId) =>
        emailKinds.get(recipientId)?.includes(input.kind)
          ? { to: addresses.get(recipientId)!, ...content, status }
          : null,
    );
    for (const mail of mails.filter((m) => m.status === 'pending')) {
      await this.queueMail(mail.id);
    }
  }

  /**
   * Queues a referral notice to an outside window (the partner links service writes its text: the link and
   * numbers, never the person's data). Sent like a notification's mail: SMTP when set, else kept in the outbox.
   */
  async mailWindow(input: {
    referralLinkId: string;
    to: string;
    subject: string;
    text: string;
  }): Promise<{ id: string; status: TMailStatus }> {
    const mail = await this.repository.insertWindowMail({
      ...input,
      status: this.mailer.configured ? 'pending' : 'outbox',
    });
    if (mail.status === 'pending') {
      await this.queueMail(mail.id);
    }
    return mail;
  }

  /* ------------------------------------------------------------------------------------- my inbox */

  async list(query: TNotificationQuery, user: AuthUser): Promise<TNotificationPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const after = query.cursor === undefined ? undefined : decodePosition(query.cursor);
    // One more than the page, to know whether another follows.
    const [rows, unreadCount] = await Promise.all([
      this.repository.list(user.id, { unreadOnly: query.unread === 'true', after, limit: limit + 1 }),
      this.repository.unreadCount(user.id),
    ]);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodePosition(last.createdAt, last.id) : null,
      unreadCount,
    };
  }

  async markRead(id: string, user: AuthUser): Promise<TNotification> {
    const notification = await this.repository.markRead(user.id, id, this.clock.now());
    if (!notification) {
      throw new AppError('not_found', {
        message: `No notification ${id} for this user`,
        userMessage: { ja: 'この通知は見つかりませんでした。', en: 'This notification was not found.' },
      });
    }
    return notification;
  }

  async markAllRead(user: AuthUser): Promise<TNotificationsMarked> {
    const marked = await this.repository.markAllRead(user.id, this.clock.now());
    return { marked, unreadCount: await this.repository.unreadCount(user.id) };
  }

  async preferences(user: AuthUser): Promise<TNotificationPreferences> {
    const stored = await this.repository.preferences(user.id);
    const muted = new Set(stored?.mutedKinds ?? []);
    return {
      emailEnabled: stored?.emailEnabled ?? true,
      emailKinds: NOTIFICATION_KINDS.filter((k) => !muted.has(k)),
    };
  }

  /** Audited with the preferences before and after (kinds only: no personal data). */
  async updatePreferences(
    input: TNotificationPreferences,
    user: AuthUser,
  ): Promise<TNotificationPreferences> {
    const before = await this.preferences(user);
    const wanted = new Set(input.emailKinds);
    await this.repository.savePreferences(user.id, {
      emailEnabled: input.emailEnabled,
      mutedKinds: NOTIFICATION_KINDS.filter((k) => !wanted.has(k)),
    });
    const after = await this.preferences(user);
    await this.audit.record({
      action: 'notification.preferences_changed',
      entity: 'user',
      entityId: user.id,
      meta: { before, after },
    });
    return after;
  }

  /* ------------------------------------------------------------------------------------ the outbox */

  async outbox(query: TMailOutboxQuery): Promise<TMailOutboxPage> {
    const limit = query.limit ?? DEFAULT_OUTBOX_PAGE;
    const after = query.cursor === undefined ? undefined : decodePosition(query.cursor);
    const [rows, counts] = await Promise.all([
      this.repository.outbox({ status: query.status, after, limit: limit + 1 }),
      this.repository.outboxCounts(),
    ]);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodePosition(last.createdAt, last.id) : null,
      smtpConfigured: this.mailer.configured,
      counts,
    };
  }

  /* ----------------------------------------------------------------------------------------- jobs */

  /**
   * The job: sends one mail once. A mail already sent is not sent again (a job run twice, or queued
   * again); a failed send throws so the queue retries it, and the last failure parks the row as failed.
   */
  async sendMail(mailId: string, attempt: number): Promise<void> {
    if (!this.mailer.configured) {
      await this.repository.hold(mailId);
      return;
    }
    const mail = await this.repository.claim(mailId);
    if (!mail) {
      return;
    }
    try {
      await this.mailer.send({ id: mail.id, to: mail.toAddress, subject: mail.subject, text: mail.text });
    } catch (error) {
      const final = attempt > this.config.env.JOBS_RETRY_LIMIT;
      await this.repository.markAttemptFailed(mailId, (error as Error).message || String(error), final);
      throw error;
    }
    await this.repository.markSent(mailId, this.clock.now());
  }

  /** Queues the job of every mail left pending for a while (e.g. written while the queue was down). */
  async requeueStale(): Promise<number> {
    const ids = await this.repository.stalePending(
      new Date(this.clock.now().getTime() - REQUEUE_AFTER_MS),
      REQUEUE_BATCH,
    );
    let queued = 0;
    for (const id of ids) {
      queued += (await this.queueMail(id)) ? 1 : 0;
    }
    return queued;
  }

  /** Queues a mail's job; the mail stays pending when the queue is off or down (never an error for the caller). */
  private async queueMail(mailId: string): Promise<boolean> {
    if (this.jobs.mode === 'off') {
      return false;
    }
    try {
      return (await this.jobs.send(sendMailJob, { mailId })) !== null;
    } catch (error) {
      this.logger.warn(`Notification e-mail ${mailId} stays pending: ${(error as Error).message}`);
      return false;
    }
  }

  /** Subject and text: the kind, the case's (and referral's) number and a link; nothing about the person. */
  private mailContent(
    kind: TNotificationKind,
    caseId: string,
    numbers: { receiptNumber: string; referralNumber: string | null },
  ): { subject: string; text: string } {
    const label = NOTIFICATION_KIND_LABELS[kind];
    const base = this.config.env.WEB_PUBLIC_URL.replace(/\/+$/, '');
    const referral = numbers.referralNumber ? ` (${numbers.referralNumber})` : '';
    return {
      subject: `[Madoguchi] 相談 ${numbers.receiptNumber}${referral}: ${label.ja} / ${label.en}`,
      text: [
        `相談 ${numbers.receiptNumber}${referral}: ${label.ja}。`,
        `Case ${numbers.receiptNumber}${referral}: ${label.en}.`,
        '',
        `開く / Open: ${base}/cases/${caseId}`,
        '',
        '内容は相談の画面で確認してください(このメールには相談者の情報は書かれていません)。',
        'See the case in Madoguchi; this e-mail carries no details of the person.',
        `通知メールの設定 / E-mail settings: ${base}/account`,
      ].join('\n'),
    };
  }
}

function encodePosition(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

function decodePosition(cursor: string): Position {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError('validation_failed', {
      message: 'Request validation failed: cursor (invalid_format)',
      details: {
        fields: [
          {
            path: 'cursor',
            code: 'invalid_format',
            message: {
              ja: '続きの位置(cursor)が正しくありません。一覧を最初から読み込み直してください',
              en: 'The cursor is not valid. Reload the list from the start',
            },
          },
        ],
      },
    });
  }
  return { createdAt, id };
}
