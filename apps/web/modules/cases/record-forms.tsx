'use client';

import {
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  MAX_NOTE_LENGTH,
  MAX_PUBLIC_MESSAGE_LENGTH,
  tokyoDateTimeLocal,
  type TMessageTemplate,
} from '@madoguchi/shared';
import { type FormEvent, Fragment, useEffect, useId, useRef, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { fieldMessage } from '../dashboard/action-result';
import { useStaffAction } from '../dashboard/use-staff-action';
import { addRecord, type TRecordKind } from './case-actions';
import { clearDraft, draftStorage, loadDraft, saveDraft, type TDraftFields } from './case-drafts';
import { unfoldAround } from './keyboard-shortcuts';
import { CONTACT_CHANNEL_LABELS, CONTACT_DIRECTION_LABELS } from './labels';
import { TemplatePicker } from './template-picker';

const KINDS: readonly { kind: TRecordKind; ja: string; en: string }[] = [
  { kind: 'note', ja: '内部メモ', en: 'Internal note' },
  { kind: 'contact', ja: '連絡記録', en: 'Contact log' },
  { kind: 'message', ja: '相談者へのメッセージ', en: 'Message to the person' },
];

/** Fired by the case page's shortcuts (n, c, m): show that kind of record and put the cursor in its text. */
export const RECORD_SHORTCUT_EVENT = 'madoguchi:record-shortcut';

export function requestRecordForm(kind: TRecordKind): void {
  window.dispatchEvent(new CustomEvent<TRecordKind>(RECORD_SHORTCUT_EVENT, { detail: kind }));
}

function isRecordKind(value: unknown): value is TRecordKind {
  return KINDS.some((option) => option.kind === value);
}

/** The form's fields as a draft: everything but the choice of kind. */
function draftFields(form: HTMLFormElement): TDraftFields {
  const fields: TDraftFields = {};
  for (const [name, value] of new FormData(form)) {
    if (name !== 'kind' && typeof value === 'string') {
      fields[name] = value;
    }
  }
  return fields;
}

/**
 * One place to write on the case: an internal note (staff only), a call or e-mail that happened, or
 * a message the person reads on their status page. The text stays in the box if sending fails, and each
 * kind keeps a draft in this tab (case-drafts.ts) until it is saved, so a reload or an idle sign-out
 * does not lose it. Each kind has its own box: a note's text never turns into a message to the person.
 */
export function RecordForms({
  caseId,
  userId,
  templates = [],
}: {
  caseId: string;
  userId: string;
  /** Active message and note templates, offered as 「テンプレートを使う」 on those two kinds. */
  templates?: readonly TMessageTemplate[];
}) {
  const [kind, setKind] = useState<TRecordKind>('note');
  const [drafts, setDrafts] = useState<Partial<Record<TRecordKind, TDraftFields>>>({});
  const [restored, setRestored] = useState<readonly TRecordKind[]>([]);
  // Bumped to mount the fields afresh (with a restored draft, or empty after saving).
  const [generation, setGeneration] = useState(0);
  const [focusRequest, setFocusRequest] = useState(0);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const { run, result, pending, setResult } = useStaffAction(addRecord);
  const id = useId();

  // The tab's drafts are read after hydration (the server has no sessionStorage).
  useEffect(() => {
    const storage = draftStorage();
    const found: Partial<Record<TRecordKind, TDraftFields>> = {};
    for (const option of KINDS) {
      const draft = loadDraft(storage, { userId, caseId, form: option.kind });
      if (draft) {
        found[option.kind] = draft;
      }
    }
    const kinds = KINDS.map((option) => option.kind).filter((candidate) => found[candidate]);
    const first = kinds[0];
    if (first) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- a single post-hydration read, see above
      setDrafts(found);
      setRestored(kinds);
      setKind(first);
      setGeneration((value) => value + 1);
    }
  }, [caseId, userId]);

  useEffect(() => {
    function onShortcut(event: Event) {
      const wanted = event instanceof CustomEvent ? (event as CustomEvent<unknown>).detail : null;
      if (isRecordKind(wanted)) {
        setKind(wanted);
        setResult(null);
        setFocusRequest((value) => value + 1);
      }
    }
    window.addEventListener(RECORD_SHORTCUT_EVENT, onShortcut);
    return () => window.removeEventListener(RECORD_SHORTCUT_EVENT, onShortcut);
  }, [setResult]);

  useEffect(() => {
    const body = bodyRef.current;
    if (focusRequest > 0 && body) {
      unfoldAround(body);
      body.focus();
    }
  }, [focusRequest]);

  function keepDraft(form: HTMLFormElement) {
    const fields = draftFields(form);
    saveDraft(draftStorage(), { userId, caseId, form: kind }, fields);
    setDrafts((current) => ({ ...current, [kind]: fields }));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      caseId,
      kind,
      body: String(data.get('body') ?? ''),
      direction: String(data.get('direction') ?? ''),
      channel: String(data.get('channel') ?? ''),
      occurredAt: String(data.get('occurredAt') ?? ''),
      durationMinutes: String(data.get('durationMinutes') ?? ''),
    });
    if (outcome.ok) {
      clearDraft(draftStorage(), { userId, caseId, form: kind });
      setDrafts((current) => ({ ...current, [kind]: undefined }));
      setRestored((current) => current.filter((candidate) => candidate !== kind));
      setGeneration((value) => value + 1);
      form.reset();
    }
  }

  const draft = drafts[kind];
  const bodyError = fieldMessage(result, kind === 'contact' ? 'summary' : 'body');
  const max = kind === 'message' ? MAX_PUBLIC_MESSAGE_LENGTH : MAX_NOTE_LENGTH;
  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      onInput={(event) => keepDraft(event.currentTarget)}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>
        記録する <span lang="en">/ Record</span>
      </h3>
      <fieldset className="segmented">
        <legend className="visually-hidden">記録の種類 / What to record</legend>
        {KINDS.map((option) => (
          <label key={option.kind} className={option.kind === kind ? 'is-selected' : undefined}>
            <input
              type="radio"
              name="kind"
              value={option.kind}
              checked={option.kind === kind}
              onChange={() => {
                setKind(option.kind);
                setResult(null);
              }}
            />
            {option.ja} <span lang="en">{option.en}</span>
            {option.kind !== kind && drafts[option.kind] ? (
              <span className="draft-mark">
                (下書き <span lang="en">draft</span>)
              </span>
            ) : null}
          </label>
        ))}
      </fieldset>
      {restored.includes(kind) ? (
        <p className="notice small" role="status" data-testid="draft-restored">
          下書きを復元しました。 <span lang="en">Draft restored.</span>
        </p>
      ) : null}

      {kind === 'message' ? (
        <p className="notice notice--warning small">
          このメッセージは、相談者が受付番号とアクセスコードで見る確認ページに表示されます。個人情報や内部の判断は書かないでください。
          <span lang="en" className="en en--block">
            The person sees this on their status page. Do not include internal assessments or other
            people&apos;s data.
          </span>
        </p>
      ) : null}
      {kind === 'note' ? (
        <p className="hint">
          職員だけが見られます。 <span lang="en">Staff only.</span>
        </p>
      ) : null}

      {kind === 'note' || kind === 'message' ? (
        <TemplatePicker
          key={kind}
          caseId={caseId}
          kind={kind === 'note' ? 'note' : 'public_message'}
          templates={templates}
          onFill={(text) => {
            const body = bodyRef.current;
            if (body) {
              // The counselor reads and edits it before sending; it is kept as the draft like typed text.
              body.value = text;
              if (body.form) {
                keepDraft(body.form);
              }
              body.focus();
            }
          }}
        />
      ) : null}

      {/* Mounted afresh per kind and after a restore or a save, so each kind shows its own draft. */}
      <Fragment key={`${kind}-${generation}`}>
        {kind === 'contact' ? (
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-direction`}>
                方向 <span lang="en">/ Direction</span>
              </label>
              <select id={`${id}-direction`} name="direction" defaultValue={draft?.['direction'] ?? 'in'}>
                {CONTACT_DIRECTIONS.map((direction) => (
                  <option key={direction} value={direction}>
                    {CONTACT_DIRECTION_LABELS[direction].ja} / {CONTACT_DIRECTION_LABELS[direction].en}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-channel`}>
                方法 <span lang="en">/ Channel</span>
              </label>
              <select id={`${id}-channel`} name="channel" defaultValue={draft?.['channel'] ?? 'phone'}>
                {CONTACT_CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {CONTACT_CHANNEL_LABELS[channel].ja} / {CONTACT_CHANNEL_LABELS[channel].en}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-at`}>
                日時 <span lang="en">/ When</span>
              </label>
              <input
                id={`${id}-at`}
                name="occurredAt"
                type="datetime-local"
                required
                defaultValue={draft?.['occurredAt'] ?? tokyoDateTimeLocal(new Date())}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-minutes`}>
                時間(分) <span lang="en">/ Minutes</span>
              </label>
              <input
                id={`${id}-minutes`}
                name="durationMinutes"
                type="number"
                min={0}
                max={1440}
                inputMode="numeric"
                defaultValue={draft?.['durationMinutes'] ?? ''}
              />
            </div>
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={`${id}-body`}>
            {kind === 'contact' ? '内容' : kind === 'message' ? 'メッセージ' : 'メモ'}{' '}
            <span lang="en">
              / {kind === 'contact' ? 'Summary' : kind === 'message' ? 'Message' : 'Note'}
            </span>
          </label>
          <textarea
            ref={bodyRef}
            id={`${id}-body`}
            name="body"
            rows={4}
            required
            maxLength={max}
            defaultValue={draft?.['body'] ?? ''}
            aria-invalid={bodyError ? true : undefined}
          />
        </div>
      </Fragment>
      <button className="btn btn--primary" type="submit" disabled={pending}>
        {kind === 'message' ? '相談者に送る / Post to the person' : '追加 / Add'}
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}
