'use client';

import {
  formatTokyoDateTime,
  MAX_PERSON_REQUEST_TEXT_LENGTH,
  PERSON_REQUEST_KIND_LABELS,
  PERSON_REQUEST_STATUS_LABELS,
  type TIntakeStatus,
  type TLocalized,
  type TPersonRequestKind,
} from '@madoguchi/shared';
import { useEffect, useRef } from 'react';

import { En } from '../ui/en';
import { ErrorSummary } from '../ui/error-summary';
import type { TPersonRequestOutcome, TStatusFormValues } from './status-form-state';

/** The path of the download route handler (app/(public)/status/download/route.ts). */
export const PERSON_DATA_DOWNLOAD_PATH = '/status/download';

const TEXT_LABELS: Readonly<Record<TPersonRequestKind, TLocalized>> = {
  correction: { ja: 'どこが違っていて、どう直してほしいか', en: 'What is wrong, and how it should read' },
  deletion: { ja: '理由(書かなくてもかまいません)', en: 'Why (you may leave this empty)' },
};

const textId = (kind: TPersonRequestKind) => `person-request-${kind}-text`;

/**
 * "Your data" on the status page (開示・訂正・利用停止): the person downloads what they sent and the messages as
 * JSON or PDF, sees their requests and how the desk answered, and asks for a correction or for deletion. Every
 * form is a plain POST (the download to a route handler, the requests to the status page's server action), so it
 * works without JavaScript; the receipt number and access code travel in hidden fields of the body, never the URL.
 */
export function PersonDataSection({
  result,
  credentials,
  request,
  formAction,
  pending,
  furigana,
}: {
  result: TIntakeStatus;
  credentials: TStatusFormValues;
  request: TPersonRequestOutcome | undefined;
  formAction: (form: FormData) => void;
  pending: boolean;
  furigana: boolean;
}) {
  const sentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (request?.status === 'sent') {
      sentRef.current?.focus();
    }
  }, [request]);
  const deleted = result.dataDeletedAt ? formatTokyoDateTime(result.dataDeletedAt) : null;
  const deletionWaiting = result.requests.some(
    (item) => item.kind === 'deletion' && item.status === 'received',
  );

  return (
    <section aria-labelledby="your-data-title" className="status-your-data">
      <h2 id="your-data-title">
        あなたのデータ
        <En>Your data</En>
      </h2>
      {deleted ? (
        <div className="data-deleted" data-testid="data-deleted" role="status">
          <p>
            この相談のあなたのデータ(相談内容・連絡先・ファイルなど)は、{deleted.ja}に削除しました。
            相談があったことだけが、統計のために、あなたとわからない形で残ります。
          </p>
          <En as="p">
            The personal data of this consultation (what you wrote, your contact details, your files) was
            deleted on {deleted.en}. Only the fact that there was a consultation is kept, for statistics, in a
            form that does not identify you.
          </En>
        </div>
      ) : null}
      {request?.status === 'sent' ? (
        <div ref={sentRef} className="reply-sent" role="status" tabIndex={-1}>
          <p>
            {PERSON_REQUEST_KIND_LABELS[request.kind].ja}
            の請求を受け付けました。相談員が確認して、このページでお知らせします。
          </p>
          <En as="p">
            Your request ({PERSON_REQUEST_KIND_LABELS[request.kind].en.toLowerCase()}) has been received. A
            counsellor will review it and answer on this page.
          </En>
        </div>
      ) : null}

      <h3>
        ダウンロード
        <En>Download</En>
      </h3>
      <p>
        あなたが送った内容と、相談員とのやりとりを、ファイルで受け取れます。相談員の内部メモは含まれません。
      </p>
      <En as="p">
        You can get what you sent and the messages with the counsellor as a file. Counsellors&apos; internal
        notes are not included.
      </En>
      <div className="status-downloads">
        {(['pdf', 'json'] as const).map((format) => (
          <form key={format} method="post" action={PERSON_DATA_DOWNLOAD_PATH}>
            <input type="hidden" name="receiptNumber" value={credentials.receiptNumber} />
            <input type="hidden" name="accessCode" value={credentials.accessCode} />
            <input type="hidden" name="format" value={format} />
            <button type="submit" className="button button--secondary">
              {format === 'pdf' ? 'PDFでダウンロード' : 'JSON(データ形式)でダウンロード'}
              <En>{format === 'pdf' ? 'Download as PDF' : 'Download as JSON (data)'}</En>
            </button>
          </form>
        ))}
      </div>

      {result.requests.length > 0 ? <RequestList requests={result.requests} /> : null}

      {deleted ? null : (
        <>
          <RequestForm
            kind="correction"
            credentials={credentials}
            request={request}
            formAction={formAction}
            pending={pending}
            furigana={furigana}
          />
          {deletionWaiting ? null : (
            <RequestForm
              kind="deletion"
              credentials={credentials}
              request={request}
              formAction={formAction}
              pending={pending}
              furigana={furigana}
            />
          )}
        </>
      )}
    </section>
  );
}

function RequestList({ requests }: { requests: TIntakeStatus['requests'] }) {
  return (
    <>
      <h3 id="your-requests-title">
        あなたからの請求
        <En>Your requests</En>
      </h3>
      <ul className="person-requests" aria-labelledby="your-requests-title">
        {requests.map((item, index) => {
          const kind = PERSON_REQUEST_KIND_LABELS[item.kind];
          const status = PERSON_REQUEST_STATUS_LABELS[item.status];
          const received = formatTokyoDateTime(item.receivedAt);
          const due = formatTokyoDateTime(item.dueAt);
          return (
            <li key={`${item.receivedAt}-${index}`} className="person-request" data-testid="person-request">
              <p>
                <strong>
                  {kind.ja}
                  <En>{kind.en}</En>
                </strong>{' '}
                ・{status.ja}
                <En>{status.en}</En>
              </p>
              <p className="small">
                受付 {received.ja}
                {item.status === 'received' ? `・お返事の期限 ${due.ja}` : ''}
                <En>
                  Received {received.en}
                  {item.status === 'received' ? `; answer due by ${due.en}` : ''}
                </En>
              </p>
              {item.refusalReason ? (
                <p>
                  お受けできない理由 <span lang="en">/ Reason</span>: {item.refusalReason}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function RequestForm({
  kind,
  credentials,
  request,
  formAction,
  pending,
  furigana,
}: {
  kind: TPersonRequestKind;
  credentials: TStatusFormValues;
  request: TPersonRequestOutcome | undefined;
  formAction: (form: FormData) => void;
  pending: boolean;
  furigana: boolean;
}) {
  const failed = request?.status === 'failed' && request.kind === kind ? request : undefined;
  const error = failed?.fields.find((field) => field.path === 'text')?.message;
  const id = textId(kind);
  const correction = kind === 'correction';
  const label = TEXT_LABELS[kind];
  return (
    <section aria-labelledby={`${id}-title`} className="status-request">
      <h3 id={`${id}-title`}>
        {correction ? '内容の訂正をお願いする' : 'データの利用停止・削除をお願いする'}
        <En>{correction ? 'Ask for a correction' : 'Ask us to stop using and delete your data'}</En>
      </h3>
      {failed ? (
        <ErrorSummary
          title={failed.message}
          focusKey={failed.attempt}
          items={failed.fields.map((field, index) => ({
            key: `${field.path}-${index}`,
            href: field.path === 'text' ? `#${id}` : undefined,
            label: field.path === 'text' ? label : undefined,
            message: field.message,
          }))}
        />
      ) : null}
      {correction ? (
        <>
          <p>送った内容にまちがいがあるときは、どこをどう直してほしいかを書いてください。</p>
          <En as="p">If something you sent is wrong, write what should be corrected.</En>
        </>
      ) : (
        <>
          <p>
            削除すると、相談内容・連絡先・送ったファイルは元にもどせません。相談員はこの相談の内容を見られなくなり、続けて相談にのることができなくなります。
          </p>
          <En as="p">
            Deleting cannot be undone: what you wrote, your contact details and your files are removed, and
            the counsellor can no longer see them or continue helping you with this consultation.
          </En>
        </>
      )}
      <form action={formAction} noValidate className="status-form" key={failed?.attempt ?? 'new'}>
        <input type="hidden" name="intent" value="request" />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="receiptNumber" value={credentials.receiptNumber} />
        <input type="hidden" name="accessCode" value={credentials.accessCode} />
        <input type="hidden" name="furigana" value={furigana ? 'on' : 'off'} />
        <div className={error ? 'field field--error' : 'field'}>
          <label htmlFor={id}>
            {label.ja}
            {correction ? '(必須)' : ''}
            <En>
              {label.en}
              {correction ? ' (required)' : ''}
            </En>
          </label>
          <p id={`${id}-hint`} className="field__hint">
            {MAX_PERSON_REQUEST_TEXT_LENGTH}文字まで。
            <En>Up to {MAX_PERSON_REQUEST_TEXT_LENGTH} characters.</En>
          </p>
          {error ? (
            <p id={`${id}-error`} className="field-error">
              {error.ja} <En>{error.en}</En>
            </p>
          ) : null}
          <textarea
            id={id}
            name="text"
            rows={correction ? 4 : 2}
            defaultValue={failed?.text ?? ''}
            required={correction}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          />
        </div>
        <button
          type="submit"
          className={correction ? 'button button--primary' : 'button button--danger'}
          disabled={pending}
        >
          {correction ? '訂正をお願いする' : '利用停止・削除をお願いする'}
          <En>{correction ? 'Ask for the correction' : 'Ask for deletion'}</En>
        </button>
      </form>
    </section>
  );
}
