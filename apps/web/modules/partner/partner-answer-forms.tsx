'use client';

import {
  PARTNER_LINK_ACTION_LABELS,
  type TFieldError,
  type TLocalized,
  type TPartnerLinkAction,
} from '@madoguchi/shared';
import { useActionState } from 'react';

import { ErrorSummary } from '../ui/error-summary';
import { En } from '../ui/en';
import { fieldId } from '../ui/form-field';
import { TextArea } from '../ui/form-controls';
import { INITIAL_PARTNER_STATE, TEXT_FIELD, type TPartnerAction } from './partner-form-state';

const TEXT_LABELS: Record<TPartnerLinkAction, TLocalized> = {
  acknowledge: { ja: 'ご担当者・ご連絡事項(任意)', en: 'Contact person or note (optional)' },
  complete: { ja: '対応の結果', en: 'Outcome' },
  decline: { ja: 'お断りの理由', en: 'Reason' },
};

const HINTS: Record<TPartnerLinkAction, TLocalized> = {
  acknowledge: { ja: '例: 担当の佐藤が受け付けました。', en: 'For example: Sato is handling it.' },
  complete: {
    ja: '例: 支払わないよう助言し、解決しました。',
    en: 'For example: advised not to pay; resolved.',
  },
  decline: {
    ja: '例: 管轄外のため、お住まいの地域の窓口をご案内ください。',
    en: 'For example: outside our area; please refer to the local centre.',
  },
};

const DESCRIPTIONS: Record<TPartnerLinkAction, TLocalized> = {
  acknowledge: {
    ja: '紹介を受け取ったことをお知らせください。',
    en: 'Let the desk know you received the referral.',
  },
  complete: {
    ja: '対応が終わったら、結果をお知らせください。',
    en: 'When you have finished, tell the desk the outcome.',
  },
  decline: {
    ja: '貴窓口で対応できない場合は、理由をお知らせください。',
    en: 'If you cannot take this referral, tell the desk why.',
  },
};

function messageFor(fields: readonly TFieldError[], name: string): TLocalized | undefined {
  return fields.find((field) => field.path === name)?.message;
}

/**
 * The answers still open, one form each: they work as plain form POSTs (server actions) and, with JavaScript, update
 * in place. A refused answer (already used, expired) says why above the forms.
 */
export function PartnerAnswerForms({
  token,
  actions,
  action,
}: {
  token: string;
  actions: readonly TPartnerLinkAction[];
  action: TPartnerAction;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_PARTNER_STATE);
  const failed = state.status === 'failed' ? state : undefined;
  if (actions.length === 0 && state.status === 'idle') {
    return null;
  }

  return (
    <section className="stack" aria-labelledby={actions.length > 0 ? 'partner-answer-title' : undefined}>
      {actions.length > 0 ? (
        <h2 id="partner-answer-title">
          ご回答 <En>Your answer</En>
        </h2>
      ) : null}
      {state.status === 'done' ? (
        <p className="notice" role="status" data-testid="partner-answer-done">
          「{PARTNER_LINK_ACTION_LABELS[state.answer.action].ja}」をお知らせしました。ありがとうございました。
          <En>Sent: {PARTNER_LINK_ACTION_LABELS[state.answer.action].en}. Thank you.</En>
        </p>
      ) : null}
      {failed ? (
        <ErrorSummary
          title={failed.message}
          focusKey={failed.attempt}
          items={failed.fields.map((field, index) => ({
            key: `${field.path}-${index}`,
            href: `#${fieldId(`${failed.action}-${field.path}`)}`,
            label: TEXT_LABELS[failed.action],
            message: field.message,
          }))}
        />
      ) : null}
      {actions.map((name) => {
        const fieldName = TEXT_FIELD[name];
        const mine = failed?.action === name ? failed : undefined;
        const label = PARTNER_LINK_ACTION_LABELS[name];
        return (
          <form
            key={`${name}-${mine?.attempt ?? 'new'}`}
            action={formAction}
            noValidate
            className="partner-answer"
            aria-labelledby={`partner-${name}-title`}
          >
            <h3 id={`partner-${name}-title`}>
              {label.ja} <En>{label.en}</En>
            </h3>
            <p className="small">
              {DESCRIPTIONS[name].ja}
              <En>{DESCRIPTIONS[name].en}</En>
            </p>
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="action" value={name} />
            <TextArea
              name={`${name}-${fieldName}`}
              label={TEXT_LABELS[name]}
              hint={HINTS[name]}
              error={mine ? messageFor(mine.fields, fieldName) : undefined}
              defaultValue={mine?.text ?? ''}
              required={name !== 'acknowledge'}
              rows={3}
              maxLength={name === 'acknowledge' ? 1000 : 2000}
            />
            <button
              className={`button ${name === 'decline' ? 'button--secondary' : 'button--primary'}`}
              type="submit"
              disabled={pending}
            >
              {label.ja} <span lang="en">/ {label.en}</span>
            </button>
          </form>
        );
      })}
    </section>
  );
}
