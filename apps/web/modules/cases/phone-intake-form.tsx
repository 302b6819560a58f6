'use client';

import {
  CALLER_RELATIONS,
  DEMAND_VIA_CODES,
  INTAKE_CHANNEL_LABELS,
  PREFECTURES,
  type TFieldError,
  type TLocalized,
  TROUBLE_CATEGORIES,
  TROUBLE_CATEGORY_CODES,
} from '@madoguchi/shared';
import Link from 'next/link';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { IDENTIFIER_FIELDS } from './phone-intake';
import { createPhoneIntake, type TPhoneIntakeCreated } from './phone-intake-actions';
import {
  AMOUNT_LABELS,
  CALLER_RELATION_LABELS,
  CONTACT_PREFERENCE_LABELS,
  DEMAND_VIA_LABELS,
  IDENTIFIER_GROUP_LABELS,
  YES_NO_ANSWER_KEYS,
  YES_NO_ANSWER_LABELS,
} from './labels';

const STAFF_CHANNELS = ['phone', 'walk_in', 'email', 'chat'] as const;

/** Names for the error summary ("年齢: …"), so each message says which field it is about. */
const FIELD_NAMES: Readonly<Record<string, TLocalized>> = {
  channel: { ja: '受付方法', en: 'Channel' },
  category: { ja: '種類', en: 'Category' },
  description: { ja: '相談内容', en: 'Description' },
  'answers.amountRequestedYen': AMOUNT_LABELS.amountRequestedYen,
  'answers.amountPaidYen': AMOUNT_LABELS.amountPaidYen,
  'caller.relation': { ja: '相談者の続柄', en: 'Caller' },
  'person.age': { ja: '年齢', en: 'Age' },
  'person.prefecture': { ja: '都道府県', en: 'Prefecture' },
  'contact.name': { ja: '名前', en: 'Name' },
  'contact.phone': { ja: '電話番号', en: 'Phone' },
  'contact.email': { ja: 'メール', en: 'E-mail' },
  ...Object.fromEntries(IDENTIFIER_FIELDS.map((key) => [`identifiers.${key}`, IDENTIFIER_GROUP_LABELS[key]])),
};

function fieldName(path: string): TLocalized | undefined {
  const key = Object.keys(FIELD_NAMES).find((name) => path === name || path.startsWith(`${name}.`));
  return key ? FIELD_NAMES[key] : undefined;
}

function fieldId(path: string): string {
  return `pi-${path.replace(/\./g, '-')}`;
}

/** The form field a path belongs to (identifiers.phones.2 → identifiers.phones). */
function fieldPathOf(path: string): string {
  const key = Object.keys(FIELD_NAMES).find((name) => path === name || path.startsWith(`${name}.`));
  return key ?? path;
}

function errorFor(errors: TFieldError[], path: string): TFieldError | undefined {
  return errors.find((error) => error.path === path || error.path.startsWith(`${path}.`));
}

function Field({
  path,
  label,
  errors,
  hint,
  children,
}: {
  path: string;
  label: ReactNode;
  errors: TFieldError[];
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const error = errorFor(errors, path);
  const id = fieldId(path);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error.message.ja} <span lang="en">{error.message.en}</span>
        </span>
      ) : null}
    </div>
  );
}

/** Read out over the phone: one character at a time, in groups. */
function Spelled({ value }: { value: string }) {
  return (
    <span className="spelled" aria-label={value.split('').join(' ')}>
      {value.split('').map((char, index) => (
        <span key={`${char}-${index}`} className={char === '-' ? 'spelled__sep' : 'spelled__char'}>
          {char}
        </span>
      ))}
    </span>
  );
}

function Created({ created, onAnother }: { created: TPhoneIntakeCreated; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel created" aria-labelledby="created-title">
      <h2 id="created-title" ref={heading} tabIndex={-1}>
        受付しました — 次の2つを相談者に読み上げてください
        <span lang="en" className="en en--block">
          Recorded — read these two out to the caller
        </span>
      </h2>
      <p>
        相談者は、この受付番号とアクセスコードで、ウェブの確認ページから状況を見られます。アクセスコードはこの画面でしか表示されません。
        <span lang="en" className="en en--block">
          With these the person can follow the case on the status page. The access code is shown only on this
          screen.
        </span>
      </p>
      <dl className="credentials">
        <div>
          <dt>
            受付番号 <span lang="en">Receipt number</span>
          </dt>
          <dd data-testid="receipt-number">
            <Spelled value={created.receiptNumber} />
          </dd>
        </div>
        <div>
          <dt>
            アクセスコード <span lang="en">Access code</span>
          </dt>
          <dd data-testid="access-code">
            <Spelled value={created.accessCode} />
          </dd>
        </div>
      </dl>
      <p className="hint">
        数字の0・1と英字のO・Iは使っていません。 <span lang="en">0, 1, O and I are never used.</span>
      </p>
      <div className="button-row">
        <Link className="btn btn--primary" href={`/cases/${created.caseId}`} prefetch={false}>
          この相談を開く / Open the case
        </Link>
        <button className="btn" type="button" onClick={onAnother}>
          次の電話を受け付ける / New intake
        </button>
      </div>
    </section>
  );
}

/**
 * A consultation taken by phone, with the public form's fields (the same ZIntake schema) in a layout
 * for a counselor who types while listening: everything but the description may stay empty.
 */
export function PhoneIntakeForm() {
  const { run, result, pending, setResult } = useStaffAction(createPhoneIntake);
  const [created, setCreated] = useState<TPhoneIntakeCreated | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const errors = result && !result.ok ? result.fields : [];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await run(new FormData(event.currentTarget));
    if (outcome.ok) {
      setCreated(outcome.data);
    } else {
      summary.current?.focus();
    }
  }

  if (created) {
    return (
      <Created
        created={created}
        onAnother={() => {
          setCreated(null);
          setResult(null);
        }}
      />
    );
  }

  return (
    <form className="stack intake-form" onSubmit={(event) => void submit(event)} noValidate>
      <div ref={summary} tabIndex={-1}>
        {errors.length > 0 ? (
          <div className="notice notice--error" role="alert">
            <p>
              入力を確認してください <span lang="en">Please check these fields</span>
            </p>
            <ul>
              {errors.map((error) => (
                <li key={`${error.path}:${error.code}`}>
                  <a href={`#${fieldId(fieldPathOf(error.path))}`}>
                    {fieldName(error.path) ? `${fieldName(error.path)?.ja}: ` : ''}
                    {error.message.ja}{' '}
                    <span lang="en">
                      {fieldName(error.path) ? `${fieldName(error.path)?.en}: ` : ''}
                      {error.message.en}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ActionFeedback result={result && !result.ok ? result : null} />
        )}
      </div>

      <section className="panel form-stack" aria-labelledby="pi-what">
        <h2 id="pi-what">
          相談内容 <span lang="en">/ What happened</span>
        </h2>
        <div className="field-row">
          <Field
            path="channel"
            label={
              <>
                受付方法 <span lang="en">/ Channel</span>
              </>
            }
            errors={errors}
          >
            {(props) => (
              <select name="channel" defaultValue="phone" {...props}>
                {STAFF_CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {INTAKE_CHANNEL_LABELS[channel].ja} / {INTAKE_CHANNEL_LABELS[channel].en}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            path="category"
            label={
              <>
                種類(わかれば) <span lang="en">/ Category (if known)</span>
              </>
            }
            errors={errors}
          >
            {(props) => (
              <select name="category" defaultValue="" {...props}>
                <option value="">未選択 / Not chosen</option>
                {TROUBLE_CATEGORY_CODES.map((code) => (
                  <option key={code} value={code}>
                    {TROUBLE_CATEGORIES[code].label.ja}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          path="description"
          label={
            <>
              相談内容(必須) <span lang="en">/ Description (required)</span>
            </>
          }
          hint="相談者の言葉で、何があったか。 / In the caller's words."
          errors={errors}
        >
          {(props) => <textarea name="description" rows={8} required maxLength={5000} {...props} />}
        </Field>
      </section>

      <section className="panel form-stack" aria-labelledby="pi-questions">
        <h2 id="pi-questions">
          確認する質問 <span lang="en">/ Questions</span>
        </h2>
        <div className="yes-no-grid">
          {YES_NO_ANSWER_KEYS.map((key) => (
            <fieldset key={key} className="yes-no">
              <legend>
                {YES_NO_ANSWER_LABELS[key].ja} <span lang="en">{YES_NO_ANSWER_LABELS[key].en}</span>
              </legend>
              {(
                [
                  ['yes', 'はい / Yes'],
                  ['no', 'いいえ / No'],
                  ['', '未確認 / Not asked'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="check">
                  <input type="radio" name={`answers.${key}`} value={value} defaultChecked={value === ''} />
                  {label}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        <div className="field-row">
          {(['amountRequestedYen', 'amountPaidYen'] as const).map((key) => (
            <Field
              key={key}
              path={`answers.${key}`}
              label={
                <>
                  {AMOUNT_LABELS[key].ja} <span lang="en">/ {AMOUNT_LABELS[key].en}</span>
                </>
              }
              errors={errors}
            >
              {(props) => <input name={`answers.${key}`} type="text" inputMode="numeric" {...props} />}
            </Field>
          ))}
        </div>
        <fieldset className="check-group">
          <legend>
            請求・連絡の手段 <span lang="en">/ Demanded via</span>
          </legend>
          {DEMAND_VIA_CODES.map((via) => (
            <label key={via} className="check">
              <input type="checkbox" name="answers.demandVia" value={via} />
              {DEMAND_VIA_LABELS[via].ja}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="panel form-stack" aria-labelledby="pi-contact">
        <h2 id="pi-contact">
          相談者(連絡してきた人) <span lang="en">/ The caller</span>
        </h2>
        <Field
          path="caller.relation"
          label={
            <>
              被害にあった人との関係 <span lang="en">/ Relation to the person affected</span>
            </>
          }
          hint={
            <>
              年齢・都道府県は被害にあった人のものを記録します(判定と窓口の対象はその人で決まります)。
              <span lang="en">
                {' '}
                Age and prefecture are the affected person&rsquo;s: triage and eligibility are judged on them.
              </span>
            </>
          }
          errors={errors}
        >
          {(props) => (
            <select name="caller.relation" defaultValue="self" {...props}>
              {CALLER_RELATIONS.map((relation) => (
                <option key={relation} value={relation}>
                  {CALLER_RELATION_LABELS[relation].ja} / {CALLER_RELATION_LABELS[relation].en}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="check-group">
          <legend>
            連絡の希望 <span lang="en">/ Contact preference</span>
          </legend>
          {(['none', 'phone', 'email'] as const).map((value) => (
            <label key={value} className="check">
              <input type="radio" name="contact.preferred" value={value} defaultChecked={value === 'none'} />
              {CONTACT_PREFERENCE_LABELS[value].ja}{' '}
              <span lang="en">{CONTACT_PREFERENCE_LABELS[value].en}</span>
            </label>
          ))}
        </fieldset>
        <div className="field-row">
          <Field
            path="contact.name"
            label={
              <>
                名前 <span lang="en">/ Name</span>
              </>
            }
            errors={errors}
          >
            {(props) => <input name="contact.name" type="text" autoComplete="off" {...props} />}
          </Field>
          <Field
            path="contact.phone"
            label={
              <>
                電話番号 <span lang="en">/ Phone</span>
              </>
            }
            errors={errors}
          >
            {(props) => <input name="contact.phone" type="tel" autoComplete="off" {...props} />}
          </Field>
          <Field
            path="contact.email"
            label={
              <>
                メール <span lang="en">/ E-mail</span>
              </>
            }
            errors={errors}
          >
            {(props) => <input name="contact.email" type="email" autoComplete="off" {...props} />}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" name="consentToShare" />
          関係機関への情報提供に同意あり <span lang="en">/ Agrees to sharing with other agencies</span>
        </label>
      </section>

      <section className="panel form-stack" aria-labelledby="pi-person">
        <h2 id="pi-person">
          被害にあった人 <span lang="en">/ The person affected</span>
        </h2>
        <div className="field-row">
          <Field
            path="person.age"
            label={
              <>
                年齢 <span lang="en">/ Age</span>
              </>
            }
            errors={errors}
          >
            {(props) => (
              <input name="person.age" type="text" inputMode="numeric" className="input--short" {...props} />
            )}
          </Field>
          <Field
            path="person.prefecture"
            label={
              <>
                都道府県 <span lang="en">/ Prefecture</span>
              </>
            }
            errors={errors}
          >
            {(props) => (
              <select name="person.prefecture" defaultValue="" {...props}>
                <option value="">未確認 / Unknown</option>
                {PREFECTURES.map((prefecture) => (
                  <option key={prefecture.code} value={prefecture.code}>
                    {prefecture.ja}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </section>

      <section className="panel form-stack" aria-labelledby="pi-identifiers">
        <h2 id="pi-identifiers">
          相手の情報 <span lang="en">/ The other party</span>
        </h2>
        <p className="hint">
          1行に1つ。照合と、ほかの相談との突き合わせに使います。
          <span lang="en"> One per line; used to match other cases and the registry.</span>
        </p>
        <div className="field-row">
          {IDENTIFIER_FIELDS.map((key) => (
            <Field
              key={key}
              path={`identifiers.${key}`}
              label={
                <>
                  {IDENTIFIER_GROUP_LABELS[key].ja} <span lang="en">/ {IDENTIFIER_GROUP_LABELS[key].en}</span>
                </>
              }
              errors={errors}
            >
              {(props) => <textarea name={`identifiers.${key}`} rows={2} {...props} />}
            </Field>
          ))}
        </div>
      </section>

      <div className="button-row">
        <button className="btn btn--primary btn--large" type="submit" disabled={pending}>
          {pending ? '登録中… / Saving…' : '登録して受付番号を発行 / Record and issue the receipt number'}
        </button>
      </div>
    </form>
  );
}
