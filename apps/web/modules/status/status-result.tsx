'use client';

import {
  formatTokyoDateTime,
  type TCaseStatus,
  type TConversationEntry,
  type TIntakeStatus,
  type TLocalized,
  MAX_PERSON_REPLY_LENGTH,
} from '@madoguchi/shared';
import Link from 'next/link';
import { useEffect, useRef } from 'react';

import { En } from '../ui/en';
import { ErrorSummary } from '../ui/error-summary';
import { fieldId } from '../ui/form-field';
import { TextArea } from '../ui/form-controls';
import type { TReplyOutcome, TStatusFormValues } from './status-form-state';

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

const AUTHORS: Readonly<Record<TConversationEntry['from'], TLocalized>> = {
  desk: { ja: '相談員', en: 'The counsellor' },
  person: { ja: 'あなた', en: 'You' },
};

const REPLY_LABEL: TLocalized = { ja: '相談員への返信', en: 'Your reply to the counsellor' };

type TStatusResultProps = {
  result: TIntakeStatus;
  /** The pair the person entered, sent back (hidden, in the POST body) with a reply. */
  credentials?: TStatusFormValues;
  replyKey?: string;
  reply?: TReplyOutcome;
  /** The status form's action; absent, no reply form is offered. */
  formAction?: (form: FormData) => void;
  pending?: boolean;
};

export function StatusResult(props: TStatusResultProps) {
  const { result, credentials, replyKey, reply, formAction, pending = false } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // After a reply, focus goes to its confirmation (or the error summary focuses itself).
    if (!reply) {
      headingRef.current?.focus();
    }
  }, [reply]);
  useEffect(() => {
    if (reply?.status === 'sent') {
      sentRef.current?.focus();
    }
  }, [reply]);
  const explanation = statusExplanation(result.status);
  const updated = formatTokyoDateTime(result.lastUpdatedAt);

  return (
    <div className="status-result">
      <h1 ref={headingRef} tabIndex={-1}>
        相談の状況
        <En>Status of your consultation</En>
      </h1>
      {reply?.status === 'sent' && (
        <div ref={sentRef} className="reply-sent" role="status" tabIndex={-1}>
          <p>
            返信を送りました。相談員が読んで、このページでお返事します。
            <En>Your reply has been sent. The counsellor will read it and answer on this page.</En>
          </p>
        </div>
      )}
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

      <Conversation entries={result.conversation} />

      {formAction && credentials && replyKey && (
        <ReplyForm
          canReply={result.canReply}
          credentials={credentials}
          replyKey={replyKey}
          reply={reply}
          formAction={formAction}
          pending={pending}
        />
      )}

      <Link className="button button--secondary" href="/status">
        ほかの受付番号で確認する
        <En>Check another consultation</En>
      </Link>
    </div>
  );
}

/** The desk's public messages and the person's replies, oldest first, with times in Tokyo time. */
function Conversation({ entries }: { entries: readonly TConversationEntry[] }) {
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">
        相談員とのやりとり
        <En>Messages between you and the counsellor</En>
      </h2>
      {entries.length === 0 ? (
        <>
          <p>まだお知らせはありません。</p>
          <En as="p">No messages yet.</En>
        </>
      ) : (
        <ol className="messages">
          {entries.map((entry, index) => {
            const at = formatTokyoDateTime(entry.at);
            const author = AUTHORS[entry.from];
            return (
              <li key={`${entry.at}-${index}`} className={`message message--${entry.from}`}>
                <p className="message__at">
                  <strong>
                    {author.ja}
                    <En>{author.en}</En>
                  </strong>{' '}
                  {at.ja}
                  <En>{at.en}</En>
                </p>
                <p className="message__body">{entry.body}</p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/**
 * A plain form posting to the status page's server action, so it works without JavaScript. The receipt
 * number and access code go back in hidden fields of the POST body: never in the URL.
 */
function ReplyForm({
  canReply,
  credentials,
  replyKey,
  reply,
  formAction,
  pending,
}: {
  canReply: boolean;
  credentials: TStatusFormValues;
  replyKey: string;
  reply: TReplyOutcome | undefined;
  formAction: (form: FormData) => void;
  pending: boolean;
}) {
  const failed = reply?.status === 'failed' ? reply : undefined;
  const bodyError = failed?.fields.find((field) => field.path === 'body')?.message;
  const summary = failed && (
    <ErrorSummary
      title={failed.message}
      focusKey={failed.attempt}
      items={failed.fields.map((field, index) => ({
        key: `${field.path}-${index}`,
        href: field.path === 'body' ? `#${fieldId('body')}` : undefined,
        label: field.path === 'body' ? REPLY_LABEL : undefined,
        message: field.message,
      }))}
    />
  );
  return (
    <section aria-labelledby="reply-title" className="status-reply">
      <h2 id="reply-title">
        返信する
        <En>Reply</En>
      </h2>
      {summary}
      {canReply ? (
        <form action={formAction} noValidate className="status-form" key={reply?.attempt ?? 'new'}>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="receiptNumber" value={credentials.receiptNumber} />
          <input type="hidden" name="accessCode" value={credentials.accessCode} />
          {/* A new key per filled-in form: the same POST sent twice (a double tap, a reload) is recorded once. */}
          <input type="hidden" name="replyKey" value={replyKey} />
          <TextArea
            name="body"
            label={REPLY_LABEL}
            hint={{
              ja: `${MAX_PERSON_REPLY_LENGTH}文字まで。相談員が読んで、このページでお返事します。`,
              en: `Up to ${MAX_PERSON_REPLY_LENGTH} characters. The counsellor will read it and answer on this page.`,
            }}
            error={bodyError}
            defaultValue={failed?.body ?? ''}
            rows={5}
            required
          />
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? '送っています…' : '返信を送る'}
            <En>{pending ? 'Sending…' : 'Send reply'}</En>
          </button>
        </form>
      ) : (
        <>
          <p>
            この相談は終わっているため、ここからは返信できません。まだ困っているときは、あらためて新しく相談してください。
          </p>
          <En as="p">
            This consultation is closed, so you cannot reply here. If you still need help, please start a new
            consultation.
          </En>
        </>
      )}
    </section>
  );
}
