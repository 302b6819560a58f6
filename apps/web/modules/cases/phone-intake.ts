import type { TCaseCreateInput } from '@madoguchi/shared';

import { YES_NO_ANSWER_KEYS } from './labels';

/*
 * The phone-intake form's fields → the body of POST /cases (the shared ZCaseCreate checks it). Field
 * names are the body's paths ('person.age'), so an error the schema reports lands on its field.
 */

export const IDENTIFIER_FIELDS = ['phones', 'urls', 'emails', 'names', 'bankAccounts'] as const;

type TFormValues = {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
};

function text(form: TFormValues, name: string): string | undefined {
  const value = form.get(name);
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A number typed with a Japanese IME (full-width digits, commas) as a number; text that is not one stays text so the schema reports it. */
function numberOrText(form: TFormValues, name: string): number | string | undefined {
  const raw = text(form, name);
  if (raw === undefined) {
    return undefined;
  }
  const compact = raw.normalize('NFKC').replace(/[,円\s]/g, '');
  return /^\d+$/.test(compact) ? Number(compact) : raw;
}

function yesNo(form: TFormValues, name: string): boolean | undefined {
  const value = text(form, name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

function lines(form: TFormValues, name: string): string[] | undefined {
  const list = (text(form, name) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return list.length > 0 ? list : undefined;
}

function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

export function phoneIntakeFromForm(form: TFormValues): TCaseCreateInput {
  const answers: Record<string, unknown> = {};
  for (const key of YES_NO_ANSWER_KEYS) {
    answers[key] = yesNo(form, `answers.${key}`);
  }
  answers['amountRequestedYen'] = numberOrText(form, 'answers.amountRequestedYen');
  answers['amountPaidYen'] = numberOrText(form, 'answers.amountPaidYen');
  const demandVia = form
    .getAll('answers.demandVia')
    .filter((value): value is string => typeof value === 'string');
  answers['demandVia'] = demandVia.length > 0 ? demandVia : undefined;

  const identifiers: Record<string, string[] | undefined> = {};
  for (const key of IDENTIFIER_FIELDS) {
    identifiers[key] = lines(form, `identifiers.${key}`);
  }

  const preferred = text(form, 'contact.preferred') ?? 'none';
  const contact = compact({
    name: text(form, 'contact.name'),
    phone: text(form, 'contact.phone'),
    email: text(form, 'contact.email'),
  });

  return {
    channel: (text(form, 'channel') ?? 'phone') as TCaseCreateInput['channel'],
    description: text(form, 'description') as string,
    category: text(form, 'category') as TCaseCreateInput['category'],
    answers: compact(answers) as TCaseCreateInput['answers'],
    // The caller block; the age and prefecture are the affected person's.
    caller: compact({ relation: text(form, 'caller.relation') }) as TCaseCreateInput['caller'],
    person: compact({
      age: numberOrText(form, 'person.age'),
      prefecture: text(form, 'person.prefecture'),
    }) as TCaseCreateInput['person'],
    identifiers: compact(identifiers),
    contact:
      preferred === 'none' && !contact
        ? undefined
        : ({ preferred, ...contact } as TCaseCreateInput['contact']),
    consentToShare: form.get('consentToShare') === 'on' ? true : undefined,
  };
}
