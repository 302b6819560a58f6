'use client';

import type { TFieldError, TLocalized } from '@madoguchi/shared';
import { useActionState } from 'react';

import { En } from '../ui/en';
import { ErrorSummary } from '../ui/error-summary';
import { fieldId } from '../ui/form-field';
import { TextField } from '../ui/form-controls';
import { INITIAL_STATUS_STATE, type TStatusAction } from './status-form-state';
import { StatusResult } from './status-result';

const FIELDS = ['receiptNumber', 'accessCode'] as const;

const LABELS: Readonly<Record<(typeof FIELDS)[number], TLocalized>> = {
  receiptNumber: { ja: '受付番号', en: 'Receipt number' },
  accessCode: { ja: 'アクセスコード', en: 'Access code' },
};

function messageFor(fields: readonly TFieldError[], name: string): TLocalized | undefined {
  return fields.find((field) => field.path === name)?.message;
}

/** Receipt number + access code. Works as a plain form POST; with JavaScript it updates in place. */
export function StatusForm({ action }: { action: TStatusAction }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_STATUS_STATE);

  if (state.status === 'found') {
    return (
      <StatusResult
        result={state.result}
        credentials={state.credentials}
        replyKey={state.replyKey}
        reply={state.reply}
        request={state.request}
        formAction={formAction}
        pending={pending}
        furigana={state.furigana}
      />
    );
  }
  const failed = state.status === 'failed' ? state : undefined;
  const fields = failed?.fields ?? [];

  return (
    <div className="status-check" key={failed?.attempt ?? 'new'}>
      <h1>
        相談の状況を確認する
        <En>Check on your consultation</En>
      </h1>
      <p>相談したときに出た、受付番号とアクセスコードを入れてください。</p>
      <En as="p">Enter the receipt number and access code you were given when you sent your consultation.</En>

      {failed && (
        <ErrorSummary
          title={failed.message}
          focusKey={failed.attempt}
          items={fields.map((field, index) => {
            const name = FIELDS.find((candidate) => candidate === field.path);
            return {
              key: `${field.path}-${index}`,
              href: name ? `#${fieldId(name)}` : undefined,
              label: name ? LABELS[name] : undefined,
              message: field.message,
            };
          })}
        />
      )}

      <form action={formAction} noValidate className="status-form">
        <TextField
          name="receiptNumber"
          label={LABELS.receiptNumber}
          hint={{ ja: '例: K7QP-4MZT', en: 'For example K7QP-4MZT' }}
          error={messageFor(fields, 'receiptNumber')}
          defaultValue={state.values.receiptNumber}
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          required
        />
        <TextField
          name="accessCode"
          label={LABELS.accessCode}
          hint={{ ja: '例: 7EDAH-F42E7', en: 'For example 7EDAH-F42E7' }}
          error={messageFor(fields, 'accessCode')}
          defaultValue={state.values.accessCode}
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          required
        />
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? '確認しています…' : '確認する'}
          <En>{pending ? 'Checking…' : 'Check'}</En>
        </button>
      </form>

      <section aria-labelledby="lost-title" className="status-help">
        <h2 id="lost-title">
          番号がわからなくなったとき
          <En>If you have lost the numbers</En>
        </h2>
        <p>
          アクセスコードは、もう一度お知らせすることができません。わからなくなったときは、あらためて相談してください。
        </p>
        <En as="p">
          We cannot show the access code again. If you have lost it, please send a new consultation.
        </En>
      </section>
    </div>
  );
}
