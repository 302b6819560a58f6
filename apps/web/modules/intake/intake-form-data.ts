import {
  nfkc,
  type TCallerRelation,
  type TDemandVia,
  type TIntakeAnswers,
  type TIntakeDraftInput,
  type TIntakeIdentifiers,
  type TIntakeInput,
  type TPrefectureCode,
  type TTroubleCategory,
} from '@madoguchi/shared';

import { IDENTIFIER_FIELDS, type TAmountKey, type TYesNoKey, YES_NO_QUESTIONS } from './intake-fields';

/** What the person entered, by field name, as the browser sends it: kept to fill the form in again. */
export type TIntakeFormValues = Readonly<Record<string, string | readonly string[]>>;

// Fields that hold a list (checkboxes); every other field is read as one value.
const LIST_FIELDS = new Set(['answers.demandVia']);
// Not part of the consultation: the submission's key and React's own hidden fields.
const isInternalField = (name: string) => name === 'idempotencyKey' || name.startsWith('$ACTION');

export function valuesFromFormData(form: FormData): TIntakeFormValues {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || isInternalField(name)) {
      continue;
    }
    if (LIST_FIELDS.has(name)) {
      values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    } else {
      values[name] = value;
    }
  }
  return values;
}

export function singleValue(values: TIntakeFormValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

export function listValue(values: TIntakeFormValues, name: string): readonly string[] {
  const value = values[name];
  return typeof value === 'string' ? [value] : (value ?? []);
}

function optionalText(values: TIntakeFormValues, name: string): string | undefined {
  const value = singleValue(values, name);
  return value.trim() === '' ? undefined : value;
}

/**
 * A whole number as people type it: full-width digits (IME on), thousands separators, a trailing 円.
 * Anything else becomes NaN, which reaches the API as null, so its field message ("年齢は0から120まで
 * の数字で書いてください") is shown rather than the entry being silently dropped.
 */
export function parseWholeNumber(raw: string): number | undefined {
  const compact = nfkc(raw).replace(/[\s,、円]/g, '');
  if (compact === '') {
    return undefined;
  }
  return /^\d{1,15}$/.test(compact) ? Number(compact) : Number.NaN;
}

function yesNo(value: string): boolean | undefined {
  if (value === 'yes') {
    return true;
  }
  return value === 'no' ? false : undefined;
}

/** One entry per line; blank lines are ignored. */
function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/*
 * Options come from fixed lists, so a value outside them only comes from a tampered form. It is passed
 * on as typed (the cast) so the API rejects it with its field message instead of it vanishing.
 */
const asCategory = (value: string) => value as TTroubleCategory;
const asPrefecture = (value: string) => value as TPrefectureCode;
const asDemandVia = (value: string) => value as TDemandVia;
const asContactPreference = (value: string) => value as 'none' | 'phone' | 'email';
const asCallerRelation = (value: string) => value as TCallerRelation;

function answersFrom(values: TIntakeFormValues): TIntakeAnswers | undefined {
  const answers: TIntakeAnswers = {};
  for (const key of Object.keys(YES_NO_QUESTIONS) as TYesNoKey[]) {
    const answer = yesNo(singleValue(values, `answers.${key}`));
    if (answer !== undefined) {
      answers[key] = answer;
    }
  }
  for (const key of ['amountRequestedYen', 'amountPaidYen'] as const satisfies readonly TAmountKey[]) {
    const amount = parseWholeNumber(singleValue(values, `answers.${key}`));
    if (amount !== undefined) {
      answers[key] = amount;
    }
  }
  const demandVia = listValue(values, 'answers.demandVia').filter((value) => value !== '');
  if (demandVia.length > 0) {
    answers.demandVia = demandVia.map(asDemandVia);
  }
  return Object.keys(answers).length > 0 ? answers : undefined;
}

function identifiersFrom(values: TIntakeFormValues): TIntakeIdentifiers | undefined {
  const identifiers: TIntakeIdentifiers = {};
  for (const field of IDENTIFIER_FIELDS) {
    const list = lines(singleValue(values, `identifiers.${field}`));
    if (list.length > 0) {
      identifiers[field] = list;
    }
  }
  return Object.keys(identifiers).length > 0 ? identifiers : undefined;
}

/** The POST /intakes body for what the form holds. Empty optional fields are left out, not sent empty. */
export function intakeBody(values: TIntakeFormValues): TIntakeInput {
  const body: TIntakeInput = { channel: 'web', description: singleValue(values, 'description') };

  const category = optionalText(values, 'category');
  if (category) {
    body.category = asCategory(category);
  }
  const answers = answersFrom(values);
  if (answers) {
    body.answers = answers;
  }

  // Who is writing: left out when not chosen, which the API reads as the person writing about themself.
  const relation = optionalText(values, 'caller.relation');
  if (relation) {
    body.caller = { relation: asCallerRelation(relation) };
  }

  // The affected person's (the child a parent writes about), whoever writes.
  const age = parseWholeNumber(singleValue(values, 'person.age'));
  const prefecture = optionalText(values, 'person.prefecture');
  if (age !== undefined || prefecture) {
    body.person = {
      ...(age !== undefined ? { age } : {}),
      ...(prefecture ? { prefecture: asPrefecture(prefecture) } : {}),
    };
  }

  const identifiers = identifiersFrom(values);
  if (identifiers) {
    body.identifiers = identifiers;
  }

  // With JavaScript the phone and e-mail fields of an unchosen method are disabled and not sent; without
  // it, whatever the person typed is sent, since they typed it for us to have.
  const preferred = optionalText(values, 'contact.preferred') ?? 'none';
  const name = optionalText(values, 'contact.name');
  const phone = optionalText(values, 'contact.phone');
  const email = optionalText(values, 'contact.email');
  if (preferred !== 'none' || name || phone || email) {
    body.contact = {
      preferred: asContactPreference(preferred),
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
    };
  }

  body.consentToShare = singleValue(values, 'consentToShare') === 'yes';
  return body;
}

/**
 * What the live guidance sends to /triage/preview: no contact details (triage does not use them and they
 * need not travel more than once), no unparsable numbers, and nothing at all for an untouched form.
 */
export function previewDraft(values: TIntakeFormValues): TIntakeDraftInput | null {
  const { contact: _contact, consentToShare: _consent, ...body } = intakeBody(values);
  const draft: TIntakeDraftInput = { ...body };
  if (draft.answers) {
    const answers = { ...draft.answers };
    for (const key of ['amountRequestedYen', 'amountPaidYen'] as const) {
      if (Number.isNaN(answers[key])) {
        delete answers[key];
      }
    }
    draft.answers = Object.keys(answers).length > 0 ? answers : undefined;
  }
  if (draft.person && Number.isNaN(draft.person.age)) {
    const { age: _age, ...person } = draft.person;
    draft.person = person;
  }
  const touched =
    (draft.description ?? '').trim() !== '' ||
    draft.category !== undefined ||
    draft.answers !== undefined ||
    draft.caller !== undefined ||
    draft.person !== undefined;
  return touched ? draft : null;
}

/**
 * The writer's own age as entered, when it is a plain number (for the Childline banner and the ruby): undefined
 * when they write about someone else, since the age is then that person's (a parent is never shown Childline).
 */
export function enteredAge(values: TIntakeFormValues): number | undefined {
  const relation = singleValue(values, 'caller.relation');
  if (relation !== '' && relation !== 'self') {
    return undefined;
  }
  const age = parseWholeNumber(singleValue(values, 'person.age'));
  return age === undefined || Number.isNaN(age) ? undefined : age;
}
