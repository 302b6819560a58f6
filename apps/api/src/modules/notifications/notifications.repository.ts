import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma, type MailStatus, type NotificationKind } from '@madoguchi/db';
import {
  MAIL_STATUSES,
  NOTIFICATION_KINDS,
  type TMailStatus,
  type TNotification,
  type TNotificationKind,
  type TOutboxMail,
  type TRole,
} from '@madoguchi/shared';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import type { FieldLocation } from '../../common/crypto/field-cipher';
import { PrismaService } from '../../db/prisma.service';

/** `case.assigned` ↔ the Prisma enum's name `case_assigned` (the database's value is the dotted one). */
export function toDbKind(kind: TNotificationKind): NotificationKind {
  return kind.replace('.', '_') as NotificationKind;
}
const KIND_BY_DB = new Map<string, TNotificationKind>(NOTIFICATION_KINDS.map((k) => [toDbKind(k), k]));
export function fromDbKind(kind: NotificationKind): TNotificationKind {
  return KIND_BY_DB.get(kind)!;
}

export type Recipient = { id: string; email: string };
export type NewMail = { recipientId: string; to: string; subject: string; text: string; status: TMailStatus };
/** A page position: the last row's creation time and id (newest first). */
export type Position = { createdAt: Date; id: string };

/** The keyset condition of a page in (createdAt, id) descending order: the rows after `after`, or all. */
function olderThan(after: Position | undefined) {
  return after
    ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
    : {};
}

const notificationSelect = {
  id: true,
  kind: true,
  caseId: true,
  referralId: true,
  createdAt: true,
  readAt: true,
  case: { select: { receiptNumber: true } },
  referral: { select: { referralNumber: true } },
} satisfies Prisma.NotificationSelect;

type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

function toNotification(row: NotificationRow): TNotification {
  return {
    id: row.id,
    kind: fromDbKind(row.kind),
    caseId: row.caseId,
    receiptNumber: row.case.receiptNumber,
    referralId: row.referralId,
    referralNumber: row.referral?.referralNumber ?? null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

const mailSelect = {
  id: true,
  notificationId: true,
  referralLinkId: true,
  toAddress: true,
  subject: true,
  text: true,
  status: true,
  attempts: true,
  lastError: true,
  createdAt: true,
  sentAt: true,
} satisfies Prisma.MailOutboxSelect;

type MailRow = Prisma.MailOutboxGetPayload<{ select: typeof mailSelect }>;

function mailTextLocation(id: string): FieldLocation {
  return { table: 'mail_outbox', column: 'text', rowId: id };
}

function toOutboxMail(row: MailRow): TOutboxMail {
  return {
    id: row.id,
    kind: row.referralLinkId ? 'referral_notice' : 'notification',
    notificationId: row.notificationId,
    referralLinkId: row.referralLinkId,
    to: row.toAddress,
    subject: row.subject,
    text: row.text,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** The one writer of notifications, notification_preferences and mail_outbox (staff mails and window notices). */
@Injectable()
export class NotificationsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  /**
   * A referral notice carries the partner link, whose token opens the referral without an account: its text is
   * stored encrypted (encrypted-columns.ts). Staff mails name case numbers only and stay in clear. Reading
   * handles both (a clear text is returned as it is).
   */
  private mailText(id: string, stored: string): Promise<string> {
    return this.crypto.decryptString(stored, mailTextLocation(id));
  }

  /** Active staff named by id or holding one of the roles, each once. */
  async recipients(userIds: readonly string[], roles: readonly TRole[]): Promise<Recipient[]> {
    if (userIds.length === 0 && roles.length === 0) {
      return [];
    }
    return this.prisma.client.user.findMany({
      where: { active: true, OR: [{ id: { in: [...userIds] } }, { role: { in: [...roles] } }] },
      select: { id: true, email: true },
      orderBy: { id: 'asc' },
    });
  }

  /** Per user, the kinds e-mailed (no row: every kind). */
  async emailKinds(userIds: readonly string[]): Promise<Map<string, TNotificationKind[]>> {
    const rows = await this.prisma.client.notificationPreference.findMany({
      where: { userId: { in: [...userIds] } },
      select: { userId: true, emailEnabled: true, emailMutedKinds: true },
    });
    const kinds = new Map<string, TNotificationKind[]>(userIds.map((id) => [id, [...NOTIFICATION_KINDS]]));
    for (const row of rows) {
      const muted = new Set(row.emailMutedKinds.map(fromDbKind));
      kinds.set(row.userId, row.emailEnabled ? NOTIFICATION_KINDS.filter((k) => !muted.has(k)) : []);
    }
    return kinds;
  }

  async preferences(
    userId: string,
  ): Promise<{ emailEnabled: boolean; mutedKinds: TNotificationKind[] } | null> {
    const row = await this.prisma.client.notificationPreference.findUnique({
      where: { userId },
      select: { emailEnabled: true, emailMutedKinds: true },
    });
    return row && { emailEnabled: row.emailEnabled, mutedKinds: row.emailMutedKinds.map(fromDbKind) };
  }

  async savePreferences(
    userId: string,
    preferences: { emailEnabled: boolean; mutedKinds: TNotificationKind[] },
  ): Promise<void> {
    const data = {
      emailEnabled: preferences.emailEnabled,
      emailMutedKinds: preferences.mutedKinds.map(toDbKind),
    };
    await this.prisma.client.notificationPreference.upsert({
      where: { userId },
      create: { userId, ...data },
      update: data,
    });
  }

  /**
   * In one transaction: a notification per recipient (none where the same kind and key were already
   * sent to them), and the e-mails `mailFor` writes for the new ones. Returns the e-mails' ids and statuses.
   */
  async insert(
    input: { kind: TNotificationKind; caseId: string; referralId: string | null; key: string | null },
    recipientIds: readonly string[],
    mailFor: (recipientId: string) => Omit<NewMail, 'recipientId'> | null,
  ): Promise<{ notifications: number; mails: { id: string; status: TMailStatus }[] }> {
    return this.prisma.client.$transaction(async (tx) => {
      let notifications = 0;
      const mails: { id: string; status: TMailStatus }[] = [];
      for (const recipientId of recipientIds) {
        const [inserted] = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO notifications (id, recipient_id, kind, case_id, referral_id, key)
          VALUES (gen_random_uuid(), ${recipientId}::uuid, ${input.kind}::"NotificationKind", ${input.caseId}::uuid,
                  ${input.referralId}::uuid, ${input.key})
          ON CONFLICT DO NOTHING
          RETURNING id::text`;
        if (!inserted) {
          continue;
        }
        notifications++;
        const mail = mailFor(recipientId);
        if (mail) {
          const row = await tx.mailOutbox.create({
            data: {
              notificationId: inserted.id,
              toAddress: mail.to,
              subject: mail.subject,
              text: mail.text,
              status: mail.status,
            },
            select: { id: true, status: true },
          });
          mails.push(row);
        }
      }
      return { notifications, mails };
    });
  }

  /** A referral notice to an outside window, carrying the partner link `referralLinkId`. */
  insertWindowMail(mail: {
    referralLinkId: string;
    to: string;
    subject: string;
    text: string;
    status: TMailStatus;
  }): Promise<{ id: string; status: TMailStatus }> {
    const id = randomUUID();
    return this.prisma.client.mailOutbox.create({
      data: {
        id,
        referralLinkId: mail.referralLinkId,
        toAddress: mail.to,
        subject: mail.subject,
        text: this.crypto.encryptString(mail.text, mailTextLocation(id)),
        status: mail.status,
      },
      select: { id: true, status: true },
    });
  }

  /** The case's receipt number and the referral's number, for the e-mail (never the person's data). */
  async caseNumbers(
    caseId: string,
    referralId: string | null,
  ): Promise<{ receiptNumber: string; referralNumber: string | null } | null> {
    const row = await this.prisma.client.case.findUnique({
      where: { id: caseId },
      select: { receiptNumber: true },
    });
    if (!row) {
      return null;
    }
    const referral = referralId
      ? await this.prisma.client.referral.findUnique({
          where: { id: referralId },
          select: { referralNumber: true },
        })
      : null;
    return { receiptNumber: row.receiptNumber, referralNumber: referral?.referralNumber ?? null };
  }

  async list(
    recipientId: string,
    options: { unreadOnly: boolean; after: Position | undefined; limit: number },
  ): Promise<TNotification[]> {
    const rows = await this.prisma.client.notification.findMany({
      where: {
        recipientId,
        ...(options.unreadOnly ? { readAt: null } : {}),
        ...olderThan(options.after),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
      select: notificationSelect,
    });
    return rows.map(toNotification);
  }

  unreadCount(recipientId: string): Promise<number> {
    return this.prisma.client.notification.count({ where: { recipientId, readAt: null } });
  }

  /** Marks one of the recipient's notifications read (keeping the first time); null when it is not theirs. */
  async markRead(recipientId: string, id: string, at: Date): Promise<TNotification | null> {
    await this.prisma.client.notification.updateMany({
      where: { id, recipientId, readAt: null },
      data: { readAt: at },
    });
    const row = await this.prisma.client.notification.findFirst({
      where: { id, recipientId },
      select: notificationSelect,
    });
    return row && toNotification(row);
  }

  async markAllRead(recipientId: string, at: Date): Promise<number> {
    const { count } = await this.prisma.client.notification.updateMany({
      where: { recipientId, readAt: null },
      data: { readAt: at },
    });
    return count;
  }

  /* --------------------------------------------------------------------------------------- outbox */

  /**
   * Takes a mail to send: counts the attempt, unless it was sent already (a job run twice, or sent
   * again after a restart), when null is returned and nothing is sent.
   */
  async claim(id: string): Promise<{ id: string; toAddress: string; subject: string; text: string } | null> {
    const [row] = await this.prisma.client.$queryRaw<
      { id: string; to_address: string; subject: string; text: string }[]
    >`
      UPDATE mail_outbox SET attempts = attempts + 1, status = 'pending'
      WHERE id = ${id}::uuid AND status <> 'sent'
      RETURNING id::text, to_address, subject, text`;
    return row
      ? {
          id: row.id,
          toAddress: row.to_address,
          subject: row.subject,
          text: await this.mailText(row.id, row.text),
        }
      : null;
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.prisma.client.mailOutbox.update({
      where: { id },
      data: { status: 'sent', sentAt: at, lastError: null },
    });
  }

  /** A failed try: `failed` after the last one, else still `pending` for the next retry. */
  async markAttemptFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.prisma.client.mailOutbox.updateMany({
      where: { id, status: { not: 'sent' } },
      data: { lastError: error.slice(0, 1000), status: final ? 'failed' : 'pending' },
    });
  }

  /** No SMTP server where the job ran: the mail stays in the outbox for admins to read. */
  async hold(id: string): Promise<void> {
    await this.prisma.client.mailOutbox.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'outbox' },
    });
  }

  /** Mails still pending since before `before` (their job was never queued, e.g. the queue was down). */
  async stalePending(before: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.client.mailOutbox.findMany({
      where: { status: 'pending', createdAt: { lt: before } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async outbox(options: {
    status: TMailStatus | undefined;
    after: Position | undefined;
    limit: number;
  }): Promise<TOutboxMail[]> {
    const rows = await this.prisma.client.mailOutbox.findMany({
      where: {
        ...(options.status ? { status: options.status } : {}),
        ...olderThan(options.after),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
      select: mailSelect,
    });
    return Promise.all(
      rows.map(async (row) => toOutboxMail({ ...row, text: await this.mailText(row.id, row.text) })),
    );
  }

  async outboxCounts(): Promise<Record<TMailStatus, number>> {
    const rows = await this.prisma.client.mailOutbox.groupBy({ by: ['status'], _count: { _all: true } });
    const counts = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<TMailStatus, number>;
    for (const row of rows) {
      counts[row.status satisfies MailStatus] = row._count._all;
    }
    return counts;
  }
}
