'use client';

import {
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  MAX_NOTE_LENGTH,
  MAX_PUBLIC_MESSAGE_LENGTH,
  tokyoDateTimeLocal,
} from '@madoguchi/shared';
import { type FormEvent, useId, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { fieldMessage } from '../dashboard/action-result';
import { useStaffAction } from '../dashboard/use-staff-action';
import { addRecord, type TRecordKind } from './case-actions';
import { CONTACT_CHANNEL_LABELS, CONTACT_DIRECTION_LABELS } from './labels';

const KINDS: readonly { kind: TRecordKind; ja: string; en: string }[] = [
  { kind: 'note', ja: '内部メモ', en: 'Internal note' },
  { kind: 'contact', ja: '連絡記録', en: 'Contact log' },
  { kind: 'message', ja: '相談者へのメッセージ', en: 'Message to the person' },
];

/**
 * One place to write on the case: an internal note (staff only), a call or e-mail that happened, or
 * a message the person reads on their status page. The text stays in the box if sending fails.
 */
export function RecordForms({ caseId }: { caseId: string }) {
  const [kind, setKind] = useState<TRecordKind>('note');
  const { run, result, pending, setResult } = useStaffAction(addRecord);
  const id = useId();

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
      form.reset();
    }
  }

  const bodyError = fieldMessage(result, kind === 'contact' ? 'summary' : 'body');
  const max = kind === 'message' ? MAX_PUBLIC_MESSAGE_LENGTH : MAX_NOTE_LENGTH;
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
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
          </label>
        ))}
      </fieldset>

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

      {kind === 'contact' ? (
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-direction`}>
              方向 <span lang="en">/ Direction</span>
            </label>
            <select id={`${id}-direction`} name="direction" defaultValue="in">
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
            <select id={`${id}-channel`} name="channel" defaultValue="phone">
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
              defaultValue={tokyoDateTimeLocal(new Date())}
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
            />
          </div>
        </div>
      ) : null}

      <div className="field">
        <label htmlFor={`${id}-body`}>
          {kind === 'contact' ? '内容' : kind === 'message' ? 'メッセージ' : 'メモ'}{' '}
          <span lang="en">/ {kind === 'contact' ? 'Summary' : kind === 'message' ? 'Message' : 'Note'}</span>
        </label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={4}
          required
          maxLength={max}
          aria-invalid={bodyError ? true : undefined}
        />
      </div>
      <button className="btn btn--primary" type="submit" disabled={pending}>
        {kind === 'message' ? '相談者に送る / Post to the person' : '追加 / Add'}
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}
