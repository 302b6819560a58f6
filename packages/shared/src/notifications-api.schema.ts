import { z } from 'zod';

/**
 * What a staff member is told about. Each names only a case (and a referral) by its number: a
 * notification, in-app or e-mailed, never carries the person's personal data.
 */
export const NOTIFICATION_KINDS = [
  /** A case was assigned to the recipient. */
  'case.assigned',
  /** The person sent a reply or evidence on their case. */
  'case.person_replied',
  /** A follow-up (the case's, or a sent referral's) is due. */
  'followup.due',
  /** A case's response target is about to be missed. */
  'response.due_soon',
  /** A case's response target was missed. */
  'response.overdue',
  /** The receiving window acknowledged a referral (partner link). */
  'referral.acknowledged',
  /** The receiving window completed a referral, with an outcome note (partner link). */
  'referral.completed',
  /** The receiving window declined a referral, with a reason (partner link). */
  'referral.declined',
] as const;
export const ZNotificationKind = z.enum(NOTIFICATION_KINDS);
export type TNotificationKind = z.infer<typeof ZNotificationKind>;

const ZInstant = z.iso.datetime({ offset: true });

/** Japanese first, then English: what a notification of each kind says (in-app and in the e-mail's subject). */
export const NOTIFICATION_KIND_LABELS: Record<TNotificationKind, { ja: string; en: string }> = {
  'case.assigned': { ja: '担当に割り当てられました', en: 'Assigned to you' },
  'case.person_replied': { ja: '相談者から返信がありました', en: 'The person replied' },
  'followup.due': { ja: 'フォローアップの期日です', en: 'Follow-up due' },
  'response.due_soon': { ja: '応答目標の期限が迫っています', en: 'Response target due soon' },
  'response.overdue': { ja: '応答目標を過ぎました', en: 'Response target missed' },
  'referral.acknowledged': { ja: '紹介先が受理しました', en: 'Referral acknowledged' },
  'referral.completed': { ja: '紹介先が対応を完了しました', en: 'Referral completed' },
  'referral.declined': { ja: '紹介先が辞退しました', en: 'Referral declined' },
};

/** One in-app notification: the kind and the case's (and referral's) number, never the person's data. */
export const ZNotification = z.strictObject({
  id: z.uuid(),
  kind: ZNotificationKind,
  caseId: z.uuid(),
  /** The case's receipt number (e.g. `K7QX-3M9P`), what staff quote; not personal data. */
  receiptNumber: z.string(),
  referralId: z.uuid().nullable(),
  /** The referral's number (e.g. `R-2026-000123`), when it is about a referral. */
  referralNumber: z.string().nullable(),
  createdAt: ZInstant,
  /** null while unread. */
  readAt: ZInstant.nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** GET /notifications: mine, newest first, in keyset pages. */
export const ZNotificationQuery = z.strictObject({
  /** Only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  /** The previous page's nextCursor. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type TNotificationQuery = z.infer<typeof ZNotificationQuery>;

export const ZNotificationPage = z.strictObject({
  items: z.array(ZNotification),
  /** null on the last page. */
  nextCursor: z.string().nullable(),
  /** All my unread notifications (the bell's count), whichever page this is. */
  unreadCount: z.number().int().nonnegative(),
});
export type TNotificationPage = z.infer<typeof ZNotificationPage>;

export const ZNotificationIdParams = z.strictObject({ id: z.uuid() });

/** POST /notifications/read-all: how many were marked read. */
export const ZNotificationsMarked = z.strictObject({
  marked: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});
export type TNotificationsMarked = z.infer<typeof ZNotificationsMarked>;

/**
 * My e-mail preferences (GET and PUT /notifications/preferences). In-app notifications are always made;
 * e-mail goes out when `emailEnabled` and the kind is in `emailKinds`. The default: every kind by e-mail.
 */
export const ZNotificationPreferences = z.strictObject({
  emailEnabled: z.boolean(),
  emailKinds: z.array(ZNotificationKind).max(NOTIFICATION_KINDS.length),
});
export type TNotificationPreferences = z.infer<typeof ZNotificationPreferences>;

/** Where a notification e-mail is: queued, held in the outbox (no SMTP server set), sent, or failed for good. */
export const MAIL_STATUSES = ['pending', 'outbox', 'sent', 'failed'] as const;
export const ZMailStatus = z.enum(MAIL_STATUSES);
export type TMailStatus = z.infer<typeof ZMailStatus>;

/** One e-mail of the outbox, for admins. Subject and text carry no personal data of the person. */
/** What a mail belongs to: a staff notification, or a referral notice to an outside window (its partner link). */
export const OUTBOX_MAIL_KINDS = ['notification', 'referral_notice'] as const;
export const ZOutboxMailKind = z.enum(OUTBOX_MAIL_KINDS);
export type TOutboxMailKind = z.infer<typeof ZOutboxMailKind>;

export const ZOutboxMail = z.strictObject({
  id: z.uuid(),
  kind: ZOutboxMailKind,
  /** Set for a notification's mail, else null. */
  notificationId: z.uuid().nullable(),
  /** Set for a referral notice to a window (the partner link it carries), else null. */
  referralLinkId: z.uuid().nullable(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: ZMailStatus,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  createdAt: ZInstant,
  sentAt: ZInstant.nullable(),
});
export type TOutboxMail = z.infer<typeof ZOutboxMail>;

export const ZMailOutboxQuery = z.strictObject({
  status: ZMailStatus.optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type TMailOutboxQuery = z.infer<typeof ZMailOutboxQuery>;

export const ZMailOutboxPage = z.strictObject({
  items: z.array(ZOutboxMail),
  nextCursor: z.string().nullable(),
  /** Whether an SMTP server is set (SMTP_URL): without one, mails stay in the outbox for admins to read. */
  smtpConfigured: z.boolean(),
  /** Counts per status over the whole outbox. */
  counts: z.strictObject({
    pending: z.number().int().nonnegative(),
    outbox: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
});
export type TMailOutboxPage = z.infer<typeof ZMailOutboxPage>;
