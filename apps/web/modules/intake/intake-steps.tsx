import {
  PREFECTURES,
  TROUBLE_CATEGORIES,
  TROUBLE_CATEGORY_CODES,
  ZTroubleCategory,
  type TLocalized,
} from '@madoguchi/shared';
import { Fragment } from 'react';

import { En } from '../ui/en';
import { ChoiceGroup, SelectField, TextArea, TextField, YES_NO_OPTIONS } from '../ui/form-controls';
import { CourtPapersLaterNote } from './court-papers-note';
import {
  AMOUNT_QUESTIONS,
  CALLER_QUESTION,
  DEMAND_VIA_CODES,
  DEMAND_VIA_LABELS,
  DEMAND_VIA_QUESTION,
  IDENTIFIER_FIELDS,
  IDENTIFIER_LABELS,
  PUBLIC_CALLER_CHOICES,
  PUBLIC_CALLER_LABELS,
  QUESTION_ORDER,
  relevantQuestions,
  YES_NO_QUESTIONS,
} from './intake-fields';
import { listValue, singleValue, type TIntakeFormValues } from './intake-form-data';

export type TStepProps = {
  /** What the form was rendered with (empty, or what the server received): the fields' default values. */
  values: TIntakeFormValues;
  /** What the form holds now (with JavaScript, updated on every change). */
  live: TIntakeFormValues;
  errors: ReadonlyMap<string, TLocalized>;
  /** With JavaScript: show only what fits the answers so far (questions for the chosen trouble, the chosen contact). */
  adaptive: boolean;
};

const MAX_DESCRIPTION = 5000;

export function StepWhat({ values, errors }: TStepProps) {
  const identifiersUsed = IDENTIFIER_FIELDS.some(
    (field) => singleValue(values, `identifiers.${field}`) !== '' || errors.has(`identifiers.${field}`),
  );
  return (
    <>
      <ChoiceGroup
        type="radio"
        name="category"
        label={{ ja: 'どんなことで困っていますか?', en: 'What kind of trouble is it?' }}
        hint={{
          ja: 'いちばん近いものを1つ選んでください。わからないときは「その他・わからない」を選んでください。',
          en: 'Choose the closest one. If you are not sure, choose "Other / not sure".',
        }}
        error={errors.get('category')}
        options={TROUBLE_CATEGORY_CODES.map((code) => ({
          value: code,
          label: TROUBLE_CATEGORIES[code].label,
          description: TROUBLE_CATEGORIES[code].examples,
        }))}
        defaultValue={listValue(values, 'category')}
      />
      <TextArea
        name="description"
        required
        label={{ ja: 'なにがあったか、書いてください', en: 'Tell us what happened' }}
        hint={{
          ja: 'いつ、どこで(サイトやアプリの名前)、どんなことがあったか。じょうずに書けなくてもだいじょうぶです。',
          en: 'When, where (the site or app), and what happened. It does not have to be well written.',
        }}
        error={errors.get('description')}
        defaultValue={singleValue(values, 'description')}
        rows={7}
        maxLength={MAX_DESCRIPTION}
      />
      <details className="disclosure" open={identifiersUsed}>
        <summary>
          相手の電話番号やサイトのURLがわかれば(書かなくてもよい)
          <En>Their phone number, website and so on, if you know them (optional)</En>
        </summary>
        <p>1行に1つずつ書いてください。同じ相手からの被害がほかにもないか、調べるのに使います。</p>
        <En as="p">One per line. We use them to check for other reports about the same people.</En>
        {IDENTIFIER_FIELDS.map((field) => (
          <TextArea
            key={field}
            name={`identifiers.${field}`}
            label={IDENTIFIER_LABELS[field]}
            error={errors.get(`identifiers.${field}`)}
            defaultValue={singleValue(values, `identifiers.${field}`)}
            rows={2}
          />
        ))}
      </details>
    </>
  );
}

export function StepQuestions({ values, live, errors, adaptive }: TStepProps) {
  const category = ZTroubleCategory.safeParse(singleValue(live, 'category')).data;
  const relevant = relevantQuestions(category);
  return (
    <>
      <p>わかるものだけ答えてください。わからないときは「わからない」でだいじょうぶです。</p>
      <En as="p">Answer what you can. &quot;Not sure&quot; is fine.</En>
      {QUESTION_ORDER.map((key) => {
        const name = `answers.${key}`;
        const hidden = adaptive && !relevant.has(key) && !errors.has(name);
        switch (key) {
          case 'amountRequestedYen':
          case 'amountPaidYen':
            return (
              <TextField
                key={key}
                name={name}
                label={AMOUNT_QUESTIONS[key]}
                hint={{ ja: 'わかる範囲で、数字で書いてください。', en: 'As far as you know, in numbers.' }}
                error={errors.get(name)}
                defaultValue={singleValue(values, name)}
                inputMode="numeric"
                size="short"
                suffix="円"
                hidden={hidden}
              />
            );
          case 'demandVia':
            return (
              <ChoiceGroup
                key={key}
                type="checkbox"
                name={name}
                label={DEMAND_VIA_QUESTION}
                error={errors.get(name)}
                options={DEMAND_VIA_CODES.map((code) => ({ value: code, label: DEMAND_VIA_LABELS[code] }))}
                defaultValue={listValue(values, name)}
                hidden={hidden}
              />
            );
          default: {
            const question = (
              <ChoiceGroup
                type="radio"
                name={name}
                label={YES_NO_QUESTIONS[key]}
                error={errors.get(name)}
                options={YES_NO_OPTIONS}
                defaultValue={listValue(values, name)}
                inline
                hidden={hidden}
              />
            );
            if (key !== 'courtPapersReceived') {
              return <Fragment key={key}>{question}</Fragment>;
            }
            // Polite live region, present before the answer, so the note is read out when "no" is picked.
            return (
              <Fragment key={key}>
                {question}
                <div role="status" hidden={hidden}>
                  {singleValue(live, name) === 'no' && <CourtPapersLaterNote />}
                </div>
              </Fragment>
            );
          }
        }
      })}
    </>
  );
}

export function StepAbout({ values, live, errors }: TStepProps) {
  // The age and the prefecture are the affected person's: asked about them when someone else writes.
  const relation = singleValue(live, 'caller.relation');
  const aboutSomeoneElse = relation !== '' && relation !== 'self';
  return (
    <>
      <p>書かなくてもだいじょうぶです。年齢や住んでいるところで、合う窓口がかわることがあります。</p>
      <En as="p">This is optional. Some help desks depend on your age or where you live.</En>
      <ChoiceGroup
        type="radio"
        name="caller.relation"
        label={CALLER_QUESTION}
        hint={{
          ja: '家族や生徒、友だちのことでも相談できます。',
          en: 'You can also ask about your child, a student or a friend.',
        }}
        error={errors.get('caller.relation')}
        options={PUBLIC_CALLER_CHOICES.map((code) => ({ value: code, label: PUBLIC_CALLER_LABELS[code] }))}
        defaultValue={listValue(values, 'caller.relation')}
      />
      <TextField
        name="person.age"
        label={
          aboutSomeoneElse
            ? { ja: 'その人の年齢(なんさいですか?)', en: 'Their age' }
            : { ja: '年齢(なんさいですか?)', en: 'Age' }
        }
        error={errors.get('person.age')}
        defaultValue={singleValue(values, 'person.age')}
        inputMode="numeric"
        size="short"
        suffix="歳"
      />
      <SelectField
        name="person.prefecture"
        label={
          aboutSomeoneElse
            ? { ja: 'その人が住んでいる都道府県', en: 'Prefecture they live in' }
            : { ja: '住んでいる都道府県', en: 'Prefecture you live in' }
        }
        error={errors.get('person.prefecture')}
        defaultValue={singleValue(values, 'person.prefecture')}
        emptyLabel={{ ja: 'えらばない', en: 'Not selected' }}
        options={PREFECTURES.map((prefecture) => ({
          value: prefecture.code,
          label: { ja: prefecture.ja, en: prefecture.en },
        }))}
      />
    </>
  );
}

export function StepContact({ values, live, errors, adaptive }: TStepProps) {
  const preferred = singleValue(live, 'contact.preferred') || 'none';
  // With JavaScript, the box for a method not chosen is hidden and disabled, so it is not sent either.
  const phoneOff = adaptive && preferred !== 'phone';
  const emailOff = adaptive && preferred !== 'email';
  return (
    <>
      <p>
        名前や連絡先を書かなくても相談できます(匿名でだいじょうぶです)。連絡先がないときは、こちらから返事ができないので、送ったあとに出る受付番号で、状況をたしかめてください。
      </p>
      <En as="p">
        You can consult without a name or contact details (anonymously). Without them we cannot reply, so use
        the receipt number shown after sending to check on your consultation.
      </En>
      <ChoiceGroup
        type="radio"
        name="contact.preferred"
        label={{ ja: 'こちらからの連絡', en: 'Should we contact you?' }}
        error={errors.get('contact.preferred')}
        options={[
          { value: 'none', label: { ja: '連絡はいらない(匿名で相談する)', en: 'No, I will stay anonymous' } },
          { value: 'phone', label: { ja: '電話で連絡してほしい', en: 'Yes, by phone' } },
          { value: 'email', label: { ja: 'メールで連絡してほしい', en: 'Yes, by e-mail' } },
        ]}
        defaultValue={[singleValue(values, 'contact.preferred') || 'none']}
      />
      <TextField
        name="contact.phone"
        type="tel"
        label={{ ja: 'あなたの電話番号', en: 'Your phone number' }}
        hint={{ ja: '例: 090-1234-5678', en: 'For example 090-1234-5678' }}
        error={errors.get('contact.phone')}
        defaultValue={singleValue(values, 'contact.phone')}
        autoComplete="tel"
        inputMode="tel"
        hidden={phoneOff}
        disabled={phoneOff}
      />
      <TextField
        name="contact.email"
        type="email"
        label={{ ja: 'あなたのメールアドレス', en: 'Your e-mail address' }}
        error={errors.get('contact.email')}
        defaultValue={singleValue(values, 'contact.email')}
        autoComplete="email"
        spellCheck={false}
        autoCapitalize="none"
        hidden={emailOff}
        disabled={emailOff}
      />
      <TextField
        name="contact.name"
        label={{
          ja: '名前(ニックネームでもよい・書かなくてもよい)',
          en: 'Name (a nickname is fine; optional)',
        }}
        error={errors.get('contact.name')}
        defaultValue={singleValue(values, 'contact.name')}
        autoComplete="name"
      />
      <ChoiceGroup
        type="checkbox"
        name="consentToShare"
        label={{ ja: 'ほかの窓口に伝えること', en: 'Sharing with other help desks' }}
        hint={{ ja: 'チェックしなくても相談できます。', en: 'You can consult without ticking this.' }}
        error={errors.get('consentToShare')}
        options={[
          {
            value: 'yes',
            label: {
              ja: 'この相談の内容を、紹介する窓口に伝えてもよい',
              en: 'You may pass this consultation on to the help desk you refer me to',
            },
          },
        ]}
        defaultValue={listValue(values, 'consentToShare')}
      />
    </>
  );
}
