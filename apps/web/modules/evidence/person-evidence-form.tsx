'use client';

import {
  EVIDENCE_DEFAULT_MAX_FILE_BYTES,
  EVIDENCE_DEFAULT_MAX_FILES_PER_CASE,
  EVIDENCE_FORM_FIELDS,
  type TLocalized,
} from '@madoguchi/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

import { En } from '../ui/en';
import { EVIDENCE_UPLOAD_PATH, type TEvidenceOutcome, ZEvidenceOutcome } from './evidence-outcome';
import { EvidenceOutcomeView } from './evidence-outcome-view';

/*
 * The person sends evidence (screenshots, PDFs, texts, saved e-mails) to their case. A plain multipart form
 * posting to app/(public)/status/evidence/route.ts, so it works without JavaScript; the receipt number and
 * access code are hidden fields before the file input, because the API reads them before the first file. With
 * JavaScript the same form data goes by XMLHttpRequest (its upload progress event; fetch has none), and the
 * answer is shown in place with focus moved to it.
 */

/** What the picker offers; the API decides by content, so this only saves the person a wrong choice. */
const ACCEPT = [
  'image/png',
  'image/jpeg',
  'image/heic',
  'image/heif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'message/rfc822',
  '.png',
  '.jpg',
  '.jpeg',
  '.heic',
  '.heif',
  '.webp',
  '.pdf',
  '.txt',
  '.eml',
].join(',');

const MAX_MB = Math.round(EVIDENCE_DEFAULT_MAX_FILE_BYTES / (1024 * 1024));

const HINT: TLocalized = {
  ja: `送れるもの: 画面の写真(スクリーンショット)、PDF、文字だけのファイル、保存したメール(.eml)。1つのファイルは${MAX_MB}MBまで、1つの相談で${EVIDENCE_DEFAULT_MAX_FILES_PER_CASE}ファイルまで。いくつか一度に選べます。`,
  en: `You can send screenshots and photos (PNG, JPEG, HEIC, WebP), PDFs, plain text and saved e-mails (.eml): up to ${MAX_MB} MB per file and ${EVIDENCE_DEFAULT_MAX_FILES_PER_CASE} files per consultation. You can choose several at once.`,
};

const SCAN_NOTE: TLocalized = {
  ja: '送ったファイルは、相談員が開く前にウイルス検査をします。',
  en: 'Every file is checked for viruses before a counsellor opens it.',
};

const NETWORK_FAILED: TEvidenceOutcome = {
  status: 'refused',
  reason: 'unavailable',
  message: {
    ja: '送信が途中で切れました。電波のよいところで、もう一度ためしてください。ファイルは保存していません。',
    en: 'The upload was cut off. Please try again where the connection is better. No file was kept.',
  },
  details: [],
};

const UNEXPECTED: TEvidenceOutcome = {
  status: 'refused',
  reason: 'internal',
  message: {
    ja: 'うまく処理できませんでした。少し時間をおいて、もう一度ためしてください。',
    en: 'Something went wrong. Please try again in a little while.',
  },
  details: [],
};

/** The API's own wording for evidence_no_file, without a round trip. */
const NOTHING_CHOSEN: TEvidenceOutcome = {
  status: 'refused',
  reason: 'evidence_no_file',
  message: { ja: 'ファイルが選ばれていません。', en: 'No file was chosen.' },
  details: [],
};

type TPersonEvidenceFormProps = {
  receiptNumber: string;
  accessCode: string;
};

type TSending = { loaded: number; total: number };

function send(
  url: string,
  body: FormData,
  onProgress: (sending: TSending) => void,
): Promise<TEvidenceOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    });
    request.addEventListener('load', () => {
      let payload: unknown;
      try {
        payload = JSON.parse(request.responseText);
      } catch {
        payload = undefined;
      }
      const parsed = ZEvidenceOutcome.safeParse(payload);
      resolve(parsed.success ? parsed.data : request.status >= 500 ? NETWORK_FAILED : UNEXPECTED);
    });
    request.addEventListener('error', () => resolve(NETWORK_FAILED));
    request.addEventListener('abort', () => resolve(NETWORK_FAILED));
    request.send(body);
  });
}

export function PersonEvidenceForm({ receiptNumber, accessCode }: TPersonEvidenceFormProps) {
  const id = useId();
  const inputId = `${id}-files`;
  const hintId = `${id}-hint`;
  const titleId = `${id}-title`;
  const [sending, setSending] = useState<TSending | undefined>();
  const [outcome, setOutcome] = useState<{ outcome: TEvidenceOutcome; attempt: number } | undefined>();
  const resultRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (outcome) {
      resultRef.current?.focus();
    }
  }, [outcome]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) {
      return;
    }
    const files = Array.from(inputRef.current?.files ?? []);
    if (files.length === 0) {
      setOutcome((previous) => ({ outcome: NOTHING_CHOSEN, attempt: (previous?.attempt ?? 0) + 1 }));
      return;
    }
    // The same parts as the plain form, in the order the API reads them: the pair first, then the files.
    const body = new FormData();
    body.append(EVIDENCE_FORM_FIELDS.receiptNumber, receiptNumber);
    body.append(EVIDENCE_FORM_FIELDS.accessCode, accessCode);
    for (const file of files) {
      body.append(EVIDENCE_FORM_FIELDS.file, file, file.name);
    }
    setSending({ loaded: 0, total: 0 });
    const answer = await send(event.currentTarget.action, body, setSending);
    setSending(undefined);
    if (answer.status === 'received') {
      // The files are stored: clear the choice so the same ones are not sent twice.
      formRef.current?.reset();
    }
    setOutcome((previous) => ({ outcome: answer, attempt: (previous?.attempt ?? 0) + 1 }));
  }

  const percent =
    sending && sending.total > 0 ? Math.round((sending.loaded / sending.total) * 100) : undefined;

  return (
    <section aria-labelledby={titleId} className="evidence-upload">
      <h2 id={titleId}>
        証拠のファイルを送る
        <En>Send evidence files</En>
      </h2>
      <p>
        届いたメッセージの画面の写真やメールなど、証拠になるものを送ってください。元のファイルは、消さずに手元にも残しておいてください。
        <En>
          Send what can serve as evidence, such as screenshots of the messages or e-mails. Keep the originals
          too; do not delete them.
        </En>
      </p>
      {outcome && (
        <EvidenceOutcomeView key={outcome.attempt} outcome={outcome.outcome} focusRef={resultRef} />
      )}
      <form
        ref={formRef}
        method="post"
        action={EVIDENCE_UPLOAD_PATH}
        encType="multipart/form-data"
        className="evidence-upload__form"
        onSubmit={(event) => void onSubmit(event)}
      >
        {/* Before the file input: the API checks the pair before it reads any file. */}
        <input type="hidden" name={EVIDENCE_FORM_FIELDS.receiptNumber} value={receiptNumber} />
        <input type="hidden" name={EVIDENCE_FORM_FIELDS.accessCode} value={accessCode} />
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            送るファイルを選ぶ
            <En>Choose the files to send</En>
          </label>
          <p id={hintId} className="field__hint">
            {HINT.ja}
            <En>{HINT.en}</En>
            <br />
            {SCAN_NOTE.ja}
            <En>{SCAN_NOTE.en}</En>
          </p>
          <input
            ref={inputRef}
            id={inputId}
            className="evidence-upload__input"
            type="file"
            name={EVIDENCE_FORM_FIELDS.file}
            multiple
            accept={ACCEPT}
            aria-describedby={hintId}
            disabled={sending !== undefined}
          />
        </div>
        {sending && (
          <div className="evidence-upload__progress">
            <label htmlFor={`${id}-progress`}>
              送っています{percent === undefined ? '…' : ` ${percent}%`}
              <En>Sending{percent === undefined ? '…' : ` ${percent}%`}</En>
            </label>
            <progress id={`${id}-progress`} max={100} value={percent} />
          </div>
        )}
        <button type="submit" className="button button--primary" disabled={sending !== undefined}>
          {sending ? '送っています…' : 'ファイルを送る'}
          <En>{sending ? 'Sending…' : 'Send the files'}</En>
        </button>
      </form>
    </section>
  );
}
