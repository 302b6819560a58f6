import type { TLocalized, TMailOutboxPage, TOutboxMailKind } from '@madoguchi/shared';

import { Bi } from '../dashboard/bi';
import { formatDateTime, formatNumber } from '../dashboard/format';
import { EmptyState } from '../dashboard/page-states';
import { MAIL_STATUS_LABELS } from './notification-view';

/** Whom a mail is for: staff (a notification) or an outside window (a referral notice with its partner link). */
const MAIL_KIND_LABELS: Record<TOutboxMailKind, TLocalized> = {
  notification: { ja: 'スタッフへの通知', en: 'Staff notification' },
  referral_notice: { ja: '窓口への紹介のお知らせ', en: 'Referral notice to a window' },
};

/**
 * Admins: every notification e-mail and every referral notice e-mailed to a window, with where it is (sent, waiting, held without an SMTP server, or
 * failed with the last error). Subjects and texts name a case by its number only, so they are shown.
 */
export function MailOutboxPanel({ page }: { page: TMailOutboxPage }) {
  return (
    <div className="stack-sm">
      <p className="muted">
        {page.smtpConfigured ? (
          <Bi
            text={{
              ja: 'メールサーバー(SMTP_URL)が設定されています。送信に失敗したメールは間隔を延ばしながら再試行され、それでも失敗すると「送信失敗」としてエラーとともに残ります。',
              en: 'A mail server (SMTP_URL) is set. A failed send is retried with growing waits, then kept as failed with its error.',
            }}
            block
          />
        ) : (
          <Bi
            text={{
              ja: 'メールサーバー(SMTP_URL)が設定されていないため、通知メールは送信されず、ここに保管されます(破棄されません)。',
              en: 'No mail server (SMTP_URL) is set: notification e-mails are not sent but kept here (never dropped).',
            }}
            block
          />
        )}
      </p>
      <dl className="outbox-counts" data-testid="outbox-counts">
        {(['pending', 'outbox', 'sent', 'failed'] as const).map((status) => (
          <div key={status}>
            <dt>
              {MAIL_STATUS_LABELS[status].ja} <span lang="en">/ {MAIL_STATUS_LABELS[status].en}</span>
            </dt>
            <dd>{formatNumber(page.counts[status])}</dd>
          </div>
        ))}
      </dl>
      {page.items.length === 0 ? (
        <EmptyState>
          <Bi text={{ ja: 'メールはありません。', en: 'No e-mails.' }} />
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">通知メール / Notification e-mails</caption>
            <thead>
              <tr>
                <th scope="col">作成日時 / Created</th>
                <th scope="col">宛先と種類 / To and kind</th>
                <th scope="col">件名と本文 / Subject and text</th>
                <th scope="col">状態 / Status</th>
                <th scope="col">試行回数 / Attempts</th>
                <th scope="col">最後のエラー / Last error</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((mail) => (
                <tr key={mail.id} data-testid="outbox-row">
                  <td>{formatDateTime(mail.createdAt)}</td>
                  <td className="wrap-anywhere">
                    {mail.to}
                    <span className="muted en--block small" data-testid="outbox-kind">
                      {MAIL_KIND_LABELS[mail.kind].ja}{' '}
                      <span lang="en">/ {MAIL_KIND_LABELS[mail.kind].en}</span>
                    </span>
                  </td>
                  <td className="wrap-anywhere">
                    <details>
                      <summary>{mail.subject}</summary>
                      <pre className="outbox-text">{mail.text}</pre>
                    </details>
                  </td>
                  <td>
                    {mail.status === 'failed' ? (
                      <strong>{MAIL_STATUS_LABELS[mail.status].ja}</strong>
                    ) : (
                      MAIL_STATUS_LABELS[mail.status].ja
                    )}{' '}
                    <span lang="en" className="en">
                      {MAIL_STATUS_LABELS[mail.status].en}
                    </span>
                    {mail.sentAt ? (
                      <span className="muted en--block">{formatDateTime(mail.sentAt)}</span>
                    ) : null}
                  </td>
                  <td>{mail.attempts}</td>
                  <td className="wrap-anywhere">{mail.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
