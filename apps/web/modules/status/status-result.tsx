'use client';

import {
  formatTokyoDateTime,
  type TCaseStatus,
  type TIntakeStatus,
  type TLocalized,
} from '@madoguchi/shared';
import Link from 'next/link';
import { useEffect, useRef } from 'react';

import { En } from '../ui/en';

/** What each status means for the person, in their words rather than the desk's. */
export function statusExplanation(status: TCaseStatus): TLocalized {
  switch (status) {
    case 'new':
      return {
        ja: '相談を受け付けました。相談員が読むまで、少しお待ちください。',
        en: 'Your consultation has arrived. Please wait a little until a counsellor reads it.',
      };
    case 'triaged':
      return {
        ja: '相談員が内容を読んで、だれが担当するかを決めています。',
        en: 'A counsellor has read it and is deciding who will handle it.',
      };
    case 'in_progress':
      return { ja: '相談員が対応しています。', en: 'A counsellor is working on it.' };
    case 'referred':
      return {
        ja: 'ほかの相談窓口を案内しました。下のお知らせを読んでください。',
        en: 'We have referred you to another help desk. Please read the messages below.',
      };
    case 'awaiting_client':
      return {
        ja: 'あなたからの連絡を待っています。下のお知らせを読んでください。',
        en: 'We are waiting to hear from you. Please read the messages below.',
      };
    case 'closed':
      return {
        ja: 'この相談は終わりました。また困ったときは、いつでも新しく相談してください。',
        en: 'This consultation is closed. If you need help again, you can always start a new one.',
      };
    default:
      return status satisfies never;
  }
}

export function StatusResult({ result }: { result: TIntakeStatus }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const explanation = statusExplanation(result.status);
  const updated = formatTokyoDateTime(result.lastUpdatedAt);

  return (
    <div className="status-result">
      <h1 ref={headingRef} tabIndex={-1}>
        相談の状況
        <En>Status of your consultation</En>
      </h1>
      <dl className="status-result__facts">
        <div>
          <dt>
            受付番号
            <En>Receipt number</En>
          </dt>
          <dd className="code code--small">{result.receiptNumber}</dd>
        </div>
        <div>
          <dt>
            いまの状況
            <En>Status</En>
          </dt>
          <dd className="status-label" data-testid="status-label">
            {result.statusLabel.ja}
            <En>{result.statusLabel.en}</En>
          </dd>
        </div>
        <div>
          <dt>
            最後に更新した日時
            <En>Last updated</En>
          </dt>
          <dd>
            {updated.ja}
            <En>{updated.en}</En>
          </dd>
        </div>
      </dl>
      <p>{explanation.ja}</p>
      <En as="p">{explanation.en}</En>

      <section aria-labelledby="messages-title">
        <h2 id="messages-title">
          相談員からのお知らせ
          <En>Messages from the counsellor</En>
        </h2>
        {result.messages.length === 0 ? (
          <>
            <p>まだお知らせはありません。</p>
            <En as="p">No messages yet.</En>
          </>
        ) : (
          <ol className="messages">
            {result.messages.map((message, index) => {
              const at = formatTokyoDateTime(message.at);
              return (
                <li key={`${message.at}-${index}`} className="message">
                  <p className="message__at">
                    {at.ja}
                    <En>{at.en}</En>
                  </p>
                  <p className="message__body">{message.body}</p>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <Link className="button button--secondary" href="/status">
        ほかの受付番号で確認する
        <En>Check another consultation</En>
      </Link>
    </div>
  );
}
