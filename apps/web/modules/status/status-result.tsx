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

import { ReceivedFile } from '../evidence/evidence-outcome-view';
import { PersonEvidenceForm } from '../evidence/person-evidence-form';
import { FuriganaContext, Rb, type TFuriganaMap } from '../intake/furigana-view';
import { En } from '../ui/en';
import { ErrorSummary } from '../ui/error-summary';
import { fieldId } from '../ui/form-field';
import { TextArea } from '../ui/form-controls';
import { PersonDataSection } from './person-data-section';
import type { TPersonRequestOutcome, TReplyOutcome, TStatusFormValues } from './status-form-state';
import { STATUS_TEXTS as T } from './status-texts';

/** What each status means for the person, in their words rather than the desk's. */
export function statusExplanation(status: TCaseStatus): TLocalized {
  switch (status) {
    case 'new':
      return {
        ja: T.explainNew,
        en: 'Your consultation has arrived. Please wait a little until a counsellor reads it.',
      };
    case 'triaged':
      return {
        ja: T.explainTriaged,
        en: 'A counsellor has read it and is deciding who will handle it.',
      };
    case 'in_progress':
      return { ja: T.explainInProgress, en: 'A counsellor is working on it.' };
    case 'referred':
      return {
        ja: T.explainReferred,
        en: 'We have referred you to another help desk. Please read the messages below.',
      };
    case 'awaiting_client':
      return {
        ja: T.explainAwaitingClient,
        en: 'We are waiting to hear from you. Please read the messages below.',
      };
    case 'closed':
      return {
        ja: T.explainClosed,
        en: 'This consultation is closed. If you need help again, you can always start a new one.',
      };
    default:
      return status satisfies never;
  }
}

const AUTHORS: Readonly<Record<TConversationEntry['from'], TLocalized>> = {
  desk: { ja: T.fromDesk, en: 'The counsellor' },
  person: { ja: T.fromPerson, en: 'You' },
};

const REPLY_LABEL: TLocalized = { ja: '相談員への返信', en: 'Your reply to the counsellor' };

type TStatusResultProps = {
  result: TIntakeStatus;
  /** The pair the person entered, sent back (hidden, in the POST body) with a reply. */
  credentials?: TStatusFormValues;
  replyKey?: string;
  reply?: TReplyOutcome;
  /** The outcome of the person's last correction or deletion request. */
  request?: TPersonRequestOutcome;
  /** The status form's action; absent, no reply form is offered. */
  formAction?: (form: FormData) => void;
  pending?: boolean;
  /** Readings of the page's fixed texts when it shows furigana (a child who consulted, or asked for). */
  furigana?: TFuriganaMap;
};

export function StatusResult(props: TStatusResultProps) {
  const { result, credentials, replyKey, reply, request, formAction, pending = false, furigana } = props;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // After a reply or a request, focus goes to its confirmation (or the error summary focuses itself).
    if (!reply && !request) {
      headingRef.current?.focus();
    }
  }, [reply, request]);
  useEffect(() => {
    if (reply?.status === 'sent') {
      sentRef.current?.focus();
    }
  }, [reply]);
  const explanation = statusExplanation(result.status);
  const updated = formatTokyoDateTime(result.lastUpdatedAt);

  return (
    <FuriganaContext value={furigana}>
      <div className="status-result">
        <h1 ref={headingRef} tabIndex={-1}>
          <Rb>{T.title}</Rb>
          <En>Status of your consultation</En>
        </h1>
        {formAction && credentials && (
          <FuriganaToggle
            on={furigana !== undefined}
            credentials={credentials}
            formAction={formAction}
            pending={pending}
          />
        )}
        {reply?.status === 'sent' && (
          <div ref={sentRef} className="reply-sent" role="status" tabIndex={-1}>
            <p>
              <Rb>{T.replySent}</Rb>
              <En>Your reply has been sent. The counsellor will read it and answer on this page.</En>
            </p>
          </div>
        )}
        <dl className="status-result__facts">
          <div>
            <dt>
              <Rb>{T.receiptNumber}</Rb>
              <En>Receipt number</En>
            </dt>
            <dd className="code code--small">{result.receiptNumber}</dd>
          </div>
          <div>
            <dt>
              <Rb>{T.status}</Rb>
              <En>Status</En>
            </dt>
            <dd className="status-label" data-testid="status-label">
              <Rb>{result.statusLabel.ja}</Rb>
              <En>{result.statusLabel.en}</En>
            </dd>
          </div>
          <div>
            <dt>
              <Rb>{T.lastUpdated}</Rb>
              <En>Last updated</En>
            </dt>
            <dd>
              {updated.ja}
              <En>{updated.en}</En>
            </dd>
          </div>
        </dl>
        <p>
          <Rb>{explanation.ja}</Rb>
        </p>
        <En as="p">{explanation.en}</En>

        <Conversation entries={result.conversation} />
        {result.files.length > 0 && <SentFiles files={result.files} />}
        {credentials && result.canReply && (
          <PersonEvidenceForm receiptNumber={credentials.receiptNumber} accessCode={credentials.accessCode} />
        )}

        {formAction && credentials && replyKey && (
          <ReplyForm
            canReply={result.canReply}
            credentials={credentials}
            replyKey={replyKey}
            reply={reply}
            formAction={formAction}
            pending={pending}
            furigana={furigana !== undefined}
          />
        )}

        {formAction && credentials && (
          <PersonDataSection
            result={result}
            credentials={credentials}
            request={request}
            formAction={formAction}
            pending={pending}
            furigana={furigana !== undefined}
          />
        )}

        <Link className="button button--secondary" href="/status">
          <Rb>{T.another}</Rb>
          <En>Check another consultation</En>
        </Link>
      </div>
    </FuriganaContext>
  );
}

/**
 * Furigana on or off: the same look-up again (the pair in hidden fields of the POST body), so it works without
 * JavaScript. A child who consulted sees furigana from the start; anyone may ask for it.
 */
function FuriganaToggle({
  on,
  credentials,
  formAction,
  pending,
}: {
  on: boolean;
  credentials: TStatusFormValues;
  formAction: (form: FormData) => void;
  pending: boolean;
}) {
  return (
    <form action={formAction} className="furigana-toggle">
      <input type="hidden" name="receiptNumber" value={credentials.receiptNumber} />
      <input type="hidden" name="accessCode" value={credentials.accessCode} />
      <input type="hidden" name="furigana" value={on ? 'off' : 'on'} />
      <button type="submit" className="button button--secondary" aria-pressed={on} disabled={pending}>
        {T.furiganaOn}
        <En>Furigana over kanji</En>
      </button>
    </form>
  );
}

/** The files the person sent, with the SHA-256 the desk received each with (to check a window got the same). */
function SentFiles({ files }: { files: TIntakeStatus['files'] }) {
  return (
    <section aria-labelledby="sent-files-title">
      <h2 id="sent-files-title">
        <Rb>{T.filesTitle}</Rb>
        <En>Files you sent</En>
      </h2>
      <p>
        <Rb>{T.filesIntro}</Rb>
      </p>
      <En as="p">
        The SHA-256 is each file&apos;s fingerprint as we received it: it lets anyone check later that a help
        desk has exactly the file you sent.
      </En>
      <ul className="evidence-files">
        {files.map((file, index) => (
          <ReceivedFile key={`${index}-${file.sha256}`} file={file} />
        ))}
      </ul>
    </section>
  );
}

/** The desk's public messages and the person's replies, oldest first, with times in Tokyo time. */
function Conversation({ entries }: { entries: readonly TConversationEntry[] }) {
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">
        <Rb>{T.messagesTitle}</Rb>
        <En>Messages between you and the counsellor</En>
      </h2>
      {entries.length === 0 ? (
        <>
          <p>
            <Rb>{T.noMessages}</Rb>
          </p>
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
                    <Rb>{author.ja}</Rb>
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
  furigana,
}: {
  canReply: boolean;
  credentials: TStatusFormValues;
  replyKey: string;
  reply: TReplyOutcome | undefined;
  formAction: (form: FormData) => void;
  pending: boolean;
  /** Kept on after the reply: the page comes back as the person had it. */
  furigana: boolean;
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
        <Rb>{T.replyTitle}</Rb>
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
          <input type="hidden" name="furigana" value={furigana ? 'on' : 'off'} />
          <TextArea
            name="body"
            label={REPLY_LABEL}
            hint={{
              ja: T.replyHint,
              en: `Up to ${MAX_PERSON_REPLY_LENGTH} characters. The counsellor will read it and answer on this page.`,
            }}
            error={bodyError}
            defaultValue={failed?.body ?? ''}
            rows={5}
            required
          />
          <button type="submit" className="button button--primary" disabled={pending}>
            <Rb>{pending ? T.replySending : T.replySend}</Rb>
            <En>{pending ? 'Sending…' : 'Send reply'}</En>
          </button>
        </form>
      ) : (
        <>
          <p>
            <Rb>{T.replyClosed}</Rb>
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
