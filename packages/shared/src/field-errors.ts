import type { z } from 'zod';

import type { TLocalized } from './category';
import { REQUIRED_MESSAGE, type TIntakeCustomReason } from './intake.schema';

/** One message per form field. `path` is dot-separated with array indices, e.g. `identifiers.phones.2`. */
export type TFieldError = { path: string; code: string; message: TLocalized };

type TIssue = z.core.$ZodIssue;

// Wording is deliberately plain (children use the form too) and never blames the person.
const MESSAGES = {
  required: { ja: 'ここに書いてください', en: 'Please fill this in' },
  text: { ja: '文字で書いてください', en: 'Please enter text' },
  number: { ja: '数字で書いてください', en: 'Please enter a number' },
  int: { ja: '整数(小数点のない数)で書いてください', en: 'Please enter a whole number' },
  yen: { ja: '0以上の整数で入力してください', en: 'Enter a whole number of 0 or more' },
  age: { ja: '年齢は0から120までの数字で書いてください', en: 'Please enter an age from 0 to 120' },
  boolean: { ja: '「はい」か「いいえ」を選んでください', en: 'Please choose yes or no' },
  list: { ja: '一覧の形で送ってください', en: 'Please send this as a list' },
  group: { ja: '入力の形が正しくありません', en: 'This part of the form is not in the expected shape' },
  choice: { ja: 'ならんでいる中から選んでください', en: 'Please choose one of the options' },
  prefecture: { ja: '都道府県を選んでください', en: 'Please choose a prefecture' },
  email: { ja: 'メールアドレスの形が正しくないようです', en: 'This does not look like an e-mail address' },
  url: {
    ja: 'URL(ウェブサイトのアドレス)の形が正しくないようです',
    en: 'This does not look like a web address',
  },
  date: { ja: '日付の形が正しくありません', en: 'This is not a valid date' },
  format: { ja: '書き方が正しくないようです', en: 'This is not in the expected format' },
  unknownField: { ja: 'この項目は受け付けていません', en: 'This field is not accepted' },
  dateRange: {
    ja: '2000年から2099年までの日付を入れてください',
    en: 'Enter a date between the years 2000 and 2099',
  },
  controlCharacters: {
    ja: '見えない特別な文字(制御文字)が入っています。消してからもう一度送ってください',
    en: 'This contains invisible control characters. Please remove them and try again',
  },
  phoneRequired: {
    ja: '電話での連絡を選んだときは、電話番号を書いてください',
    en: 'You chose to be contacted by phone, so please enter a phone number',
  },
  emailRequired: {
    ja: 'メールでの連絡を選んだときは、メールアドレスを書いてください',
    en: 'You chose to be contacted by e-mail, so please enter an e-mail address',
  },
  phoneFormat: {
    ja: '電話番号の形が正しくないようです(例: 090-1234-5678)',
    en: 'This does not look like a phone number (for example 090-1234-5678)',
  },
  searchInBody: {
    ja: '検索語はURLに入れられません。POST /api/v1/cases/search の本文(q)で送ってください',
    en: 'A search term cannot go in the URL. Send it as q in the body of POST /api/v1/cases/search',
  },
  caseReference: {
    ja: '受付番号(例: K7QP-4MZT)か相談IDを入れてください',
    en: 'Enter a receipt number (for example K7QP-4MZT) or a case id',
  },
  generic: { ja: '入力を見直してください', en: 'Please check what you entered' },
} as const satisfies Record<string, TLocalized>;

function tooLong(max: number): TLocalized {
  return { ja: `${max}文字以内で書いてください`, en: `Please use ${max} characters or fewer` };
}
function tooShort(min: number): TLocalized {
  return min <= 1
    ? MESSAGES.required
    : { ja: `${min}文字以上で書いてください`, en: `Please use at least ${min} characters` };
}
function tooMany(max: number): TLocalized {
  return { ja: `${max}個までにしてください`, en: `Please enter no more than ${max} items` };
}
function tooFew(min: number): TLocalized {
  return { ja: `${min}個以上入れてください`, en: `Please enter at least ${min} items` };
}
function numberAtLeast(min: number): TLocalized {
  return { ja: `${min}以上の数にしてください`, en: `Please enter ${min} or more` };
}
function numberAtMost(max: number): TLocalized {
  return { ja: `${max.toLocaleString('ja-JP')}以下の数にしてください`, en: `Please enter ${max} or less` };
}

/** Some fields deserve a message about the field itself rather than about the rule that failed. */
function fieldSpecific(path: readonly PropertyKey[]): TLocalized | undefined {
  const leaf = path[path.length - 1];
  if (leaf === 'amountRequestedYen' || leaf === 'amountPaidYen') {
    return MESSAGES.yen;
  }
  if (leaf === 'age' && path[path.length - 2] === 'person') {
    return MESSAGES.age;
  }
  if (leaf === 'prefecture') {
    return MESSAGES.prefecture;
  }
  return undefined;
}

function invalidTypeMessage(issue: z.core.$ZodIssueInvalidType): TLocalized {
  if (issue.message === REQUIRED_MESSAGE) {
    return MESSAGES.required;
  }
  switch (issue.expected) {
    case 'string':
      return MESSAGES.text;
    case 'number':
    case 'bigint':
    case 'nan':
      return MESSAGES.number;
    case 'int':
      return MESSAGES.int;
    case 'boolean':
      return MESSAGES.boolean;
    case 'array':
    case 'tuple':
    case 'set':
      return MESSAGES.list;
    case 'object':
    case 'record':
    case 'map':
      return MESSAGES.group;
    case 'date':
      return MESSAGES.date;
    case 'undefined':
    case 'never':
    case 'void':
      return MESSAGES.unknownField;
    default:
      return MESSAGES.generic;
  }
}

function sizeOriginIsText(origin: string): boolean {
  return origin === 'string';
}
function sizeOriginIsList(origin: string): boolean {
  return origin === 'array' || origin === 'set';
}

function tooSmallMessage(issue: z.core.$ZodIssueTooSmall): TLocalized {
  const min = Number(issue.minimum);
  if (sizeOriginIsText(issue.origin)) {
    return tooShort(min);
  }
  if (sizeOriginIsList(issue.origin)) {
    return tooFew(min);
  }
  return numberAtLeast(min);
}

function tooBigMessage(issue: z.core.$ZodIssueTooBig): TLocalized {
  const max = Number(issue.maximum);
  if (sizeOriginIsText(issue.origin)) {
    return tooLong(max);
  }
  if (sizeOriginIsList(issue.origin)) {
    return tooMany(max);
  }
  return numberAtMost(max);
}

function formatMessage(issue: z.core.$ZodIssueInvalidStringFormat): TLocalized {
  switch (issue.format) {
    case 'email':
      return MESSAGES.email;
    case 'url':
      return MESSAGES.url;
    case 'date':
    case 'datetime':
      return MESSAGES.date;
    default:
      return MESSAGES.format;
  }
}

function customReason(issue: z.core.$ZodIssueCustom): TIntakeCustomReason | undefined {
  const reason: unknown = issue.params?.['reason'];
  switch (reason) {
    case 'control_characters':
    case 'date_range':
    case 'phone_required':
    case 'email_required':
    case 'phone_format':
    case 'search_in_body':
    case 'case_reference':
      return reason;
    default:
      return undefined;
  }
}

function customMessage(reason: TIntakeCustomReason | undefined): TLocalized {
  switch (reason) {
    case 'control_characters':
      return MESSAGES.controlCharacters;
    case 'date_range':
      return MESSAGES.dateRange;
    case 'phone_required':
      return MESSAGES.phoneRequired;
    case 'email_required':
      return MESSAGES.emailRequired;
    case 'phone_format':
      return MESSAGES.phoneFormat;
    case 'search_in_body':
      return MESSAGES.searchInBody;
    case 'case_reference':
      return MESSAGES.caseReference;
    case undefined:
      return MESSAGES.generic;
    default:
      return reason satisfies never;
  }
}

function toPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

function issueToFieldErrors(issue: TIssue): TFieldError[] {
  const path = toPath(issue.path);
  const override = fieldSpecific(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return [{ path, code: issue.code, message: override ?? invalidTypeMessage(issue) }];
    case 'too_small':
      return [{ path, code: issue.code, message: override ?? tooSmallMessage(issue) }];
    case 'too_big': {
      // "0 or more" would be wrong advice for an amount that is too large, so amounts state the upper limit.
      const message = override !== undefined && override !== MESSAGES.yen ? override : tooBigMessage(issue);
      return [{ path, code: issue.code, message }];
    }
    case 'invalid_value':
      return [{ path, code: issue.code, message: override ?? MESSAGES.choice }];
    case 'invalid_format':
      return [{ path, code: issue.code, message: formatMessage(issue) }];
    case 'not_multiple_of':
      return [{ path, code: issue.code, message: override ?? MESSAGES.format }];
    case 'unrecognized_keys':
      // One entry per key so a form can point at each offending field.
      return issue.keys.map((key) => ({
        path: toPath([...issue.path, key]),
        code: issue.code,
        message: MESSAGES.unknownField,
      }));
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return [{ path, code: issue.code, message: MESSAGES.group }];
    case 'custom': {
      const reason = customReason(issue);
      return [{ path, code: reason ?? issue.code, message: customMessage(reason) }];
    }
    default:
      return issue satisfies never;
  }
}

/**
 * Turns a zod error into bilingual, field-level messages for forms and API responses. For custom issues raised by
 * the intake schema, `code` is the specific reason (e.g. `phone_required`) instead of the generic `custom`.
 */
export function toFieldErrors(error: { issues: readonly TIssue[] }): TFieldError[] {
  return error.issues.flatMap(issueToFieldErrors);
}
