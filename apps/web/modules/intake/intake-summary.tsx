import { prefectureByCode, TROUBLE_CATEGORIES, ZTroubleCategory, type TLocalized } from '@madoguchi/shared';
import type { ReactNode } from 'react';

import { En } from '../ui/en';
import {
  AMOUNT_QUESTIONS,
  CALLER_QUESTION,
  DEMAND_VIA_LABELS,
  IDENTIFIER_FIELDS,
  IDENTIFIER_LABELS,
  INTAKE_STEPS,
  PUBLIC_CALLER_LABELS,
  QUESTION_ORDER,
  type TIntakeStep,
  YES_NO_QUESTIONS,
} from './intake-fields';
import { listValue, parseWholeNumber, singleValue, type TIntakeFormValues } from './intake-form-data';

const NOT_GIVEN: TLocalized = { ja: '(書いていません)', en: '(not given)' };

type TRow = { key: string; label: TLocalized; value: TLocalized | string };

function Value({ value }: { value: TLocalized | string }) {
  if (typeof value === 'string') {
    return <span className="summary__text">{value}</span>;
  }
  return (
    <>
      {value.ja}
      <En>{value.en}</En>
    </>
  );
}

function answerRows(values: TIntakeFormValues): TRow[] {
  return QUESTION_ORDER.flatMap((key): TRow[] => {
    const name = `answers.${key}`;
    switch (key) {
      case 'amountRequestedYen':
      case 'amountPaidYen': {
        const typed = singleValue(values, name).trim();
        const amount = parseWholeNumber(typed);
        if (amount === undefined) {
          return [];
        }
        const shown = Number.isNaN(amount) ? typed : amount.toLocaleString('ja-JP');
        return [{ key, label: AMOUNT_QUESTIONS[key], value: `${shown} 円` }];
      }
      case 'demandVia': {
        const via = listValue(values, name).filter((code): code is keyof typeof DEMAND_VIA_LABELS =>
          Object.hasOwn(DEMAND_VIA_LABELS, code),
        );
        if (via.length === 0) {
          return [];
        }
        return [
          {
            key,
            label: { ja: '相手からの連絡', en: 'How they contacted you' },
            value: {
              ja: via.map((code) => DEMAND_VIA_LABELS[code].ja).join('、'),
              en: via.map((code) => DEMAND_VIA_LABELS[code].en).join(', '),
            },
          },
        ];
      }
      default: {
        const answer = singleValue(values, name);
        if (answer !== 'yes' && answer !== 'no') {
          return [];
        }
        const value = answer === 'yes' ? { ja: 'はい', en: 'Yes' } : { ja: 'いいえ', en: 'No' };
        return [{ key, label: YES_NO_QUESTIONS[key], value }];
      }
    }
  });
}

function contactValue(values: TIntakeFormValues): TLocalized | string {
  switch (singleValue(values, 'contact.preferred')) {
    case 'phone':
      return `電話 / Phone: ${singleValue(values, 'contact.phone')}`;
    case 'email':
      return `メール / E-mail: ${singleValue(values, 'contact.email')}`;
    default:
      return { ja: '連絡はいらない(匿名)', en: 'No contact (anonymous)' };
  }
}

function rowsFor(step: TIntakeStep, values: TIntakeFormValues): TRow[] {
  switch (step) {
    case 'what': {
      const category = ZTroubleCategory.safeParse(singleValue(values, 'category')).data;
      const identifiers = IDENTIFIER_FIELDS.flatMap((field): TRow[] => {
        const text = singleValue(values, `identifiers.${field}`).trim();
        return text ? [{ key: field, label: IDENTIFIER_LABELS[field], value: text }] : [];
      });
      return [
        {
          key: 'category',
          label: { ja: '困っていること', en: 'Kind of trouble' },
          value: category ? TROUBLE_CATEGORIES[category].label : NOT_GIVEN,
        },
        {
          key: 'description',
          label: { ja: 'なにがあったか', en: 'What happened' },
          value: singleValue(values, 'description').trim() || NOT_GIVEN,
        },
        ...identifiers,
      ];
    }
    case 'questions': {
      const rows = answerRows(values);
      return rows.length > 0
        ? rows
        : [{ key: 'none', label: { ja: '質問への答え', en: 'Answers' }, value: NOT_GIVEN }];
    }
    case 'about': {
      const age = singleValue(values, 'person.age').trim();
      const prefecture = prefectureByCode(singleValue(values, 'person.prefecture'));
      const relation = singleValue(values, 'caller.relation');
      return [
        {
          key: 'caller',
          label: CALLER_QUESTION,
          value: Object.hasOwn(PUBLIC_CALLER_LABELS, relation)
            ? PUBLIC_CALLER_LABELS[relation as keyof typeof PUBLIC_CALLER_LABELS]
            : NOT_GIVEN,
        },
        { key: 'age', label: { ja: '年齢', en: 'Age' }, value: age ? `${age} 歳` : NOT_GIVEN },
        {
          key: 'prefecture',
          label: { ja: '都道府県', en: 'Prefecture' },
          value: prefecture ? { ja: prefecture.ja, en: prefecture.en } : NOT_GIVEN,
        },
      ];
    }
    case 'contact': {
      const name = singleValue(values, 'contact.name').trim();
      return [
        { key: 'preferred', label: { ja: 'こちらからの連絡', en: 'Contact' }, value: contactValue(values) },
        { key: 'name', label: { ja: '名前', en: 'Name' }, value: name || NOT_GIVEN },
        {
          key: 'consent',
          label: { ja: 'ほかの窓口に伝えること', en: 'Sharing with other help desks' },
          value:
            singleValue(values, 'consentToShare') === 'yes'
              ? { ja: '伝えてもよい', en: 'Allowed' }
              : { ja: '伝えない', en: 'Not allowed' },
        },
      ];
    }
    case 'confirm':
      return [];
    default:
      return step satisfies never;
  }
}

type TIntakeSummaryProps = {
  values: TIntakeFormValues;
  titles: Readonly<Record<TIntakeStep, TLocalized>>;
  onEdit: (step: number) => void;
};

/** The last step with JavaScript: everything entered, step by step, each with a button to change it. */
export function IntakeSummary({ values, titles, onEdit }: TIntakeSummaryProps): ReactNode {
  return (
    <div className="summary">
      {INTAKE_STEPS.slice(0, -1).map((step, index) => (
        <section className="summary__group" key={step} aria-labelledby={`summary-${step}`}>
          <div className="summary__head">
            <h3 id={`summary-${step}`}>
              {titles[step].ja}
              <En>{titles[step].en}</En>
            </h3>
            <button
              type="button"
              className="button button--small"
              onClick={() => onEdit(index)}
              aria-label={`${titles[step].ja}をなおす / Change: ${titles[step].en}`}
            >
              なおす
              <En>Change</En>
            </button>
          </div>
          <dl>
            {rowsFor(step, values).map((row) => (
              <div className="summary__row" key={row.key}>
                <dt>
                  {row.label.ja}
                  <En>{row.label.en}</En>
                </dt>
                <dd>
                  <Value value={row.value} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
