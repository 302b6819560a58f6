import { z } from 'zod';

import { toFieldErrors } from './field-errors';
import { ZIntake } from './intake.schema';

function errorsFor(input: unknown) {
  const result = ZIntake.safeParse(input);
  if (result.success) {
    throw new Error('expected the input to be rejected');
  }
  return toFieldErrors(result.error);
}

function errorAt(input: unknown, path: string) {
  const found = errorsFor(input).find((error) => error.path === path);
  if (!found) {
    throw new Error(`no error at ${path}: ${JSON.stringify(errorsFor(input))}`);
  }
  return found;
}

const ok = { description: '困っています' };

describe('toFieldErrors', () => {
  it('explains a negative or fractional amount in both languages', () => {
    for (const amountPaidYen of [-1, 1.5, '100']) {
      expect(errorAt({ ...ok, answers: { amountPaidYen } }, 'answers.amountPaidYen').message).toEqual({
        ja: '0以上の整数で入力してください',
        en: 'Enter a whole number of 0 or more',
      });
    }
  });

  it('states the upper limit for an amount that is too large', () => {
    const error = errorAt({ ...ok, answers: { amountRequestedYen: 1e11 } }, 'answers.amountRequestedYen');
    expect(error.code).toBe('too_big');
    expect(error.message.ja).toBe('10,000,000,000以下の数にしてください');
  });

  it('asks for a missing or blank description', () => {
    expect(errorAt({}, 'description')).toEqual({
      path: 'description',
      code: 'invalid_type',
      message: { ja: 'ここに書いてください', en: 'Please fill this in' },
    });
    expect(errorAt({ description: '  ' }, 'description').code).toBe('too_small');
    expect(errorAt({ description: '  ' }, 'description').message.ja).toBe('ここに書いてください');
  });

  it('covers text that is too long and lists that are too long', () => {
    expect(errorAt({ description: 'あ'.repeat(5001) }, 'description').message.ja).toBe(
      '5000文字以内で書いてください',
    );
    expect(
      errorAt({ ...ok, identifiers: { urls: Array(21).fill('x') } }, 'identifiers.urls').message,
    ).toEqual({
      ja: '20個までにしてください',
      en: 'Please enter no more than 20 items',
    });
  });

  it('covers wrong types', () => {
    expect(errorAt({ description: 5 }, 'description').message.ja).toBe('文字で書いてください');
    expect(errorAt({ ...ok, answers: { paid: 'yes' } }, 'answers.paid').message.ja).toBe(
      '「はい」か「いいえ」を選んでください',
    );
    expect(errorAt({ ...ok, identifiers: { phones: '090' } }, 'identifiers.phones').message.ja).toBe(
      '一覧の形で送ってください',
    );
    expect(errorAt({ ...ok, person: 'x' }, 'person').message.ja).toBe('入力の形が正しくありません');
  });

  it('uses field-specific messages for age and prefecture', () => {
    expect(errorAt({ ...ok, person: { age: 200 } }, 'person.age').message.ja).toBe(
      '年齢は0から120までの数字で書いてください',
    );
    expect(errorAt({ ...ok, person: { prefecture: '99' } }, 'person.prefecture').message.ja).toBe(
      '都道府県を選んでください',
    );
  });

  it('covers choices (invalid_value)', () => {
    expect(errorAt({ ...ok, channel: 'fax' }, 'channel')).toEqual({
      path: 'channel',
      code: 'invalid_value',
      message: { ja: 'ならんでいる中から選んでください', en: 'Please choose one of the options' },
    });
  });

  it('reports each unknown key at its own path', () => {
    const errors = errorsFor({ ...ok, foo: 1, answers: { bar: true, baz: true } });
    expect(
      errors
        .filter((e) => e.code === 'unrecognized_keys')
        .map((e) => e.path)
        .sort(),
    ).toEqual(['answers.bar', 'answers.baz', 'foo']);
  });

  it('covers e-mail format and the intake schema’s own checks with specific codes', () => {
    expect(errorAt({ ...ok, contact: { preferred: 'email', email: 'x@' } }, 'contact.email')).toMatchObject({
      code: 'invalid_format',
      message: { ja: 'メールアドレスの形が正しくないようです' },
    });
    expect(errorAt({ ...ok, contact: { preferred: 'email' } }, 'contact.email').code).toBe('email_required');
    expect(errorAt({ ...ok, contact: { preferred: 'phone' } }, 'contact.phone').code).toBe('phone_required');
    expect(errorAt({ ...ok, contact: { preferred: 'none', phone: 'abc' } }, 'contact.phone').code).toBe(
      'phone_format',
    );
    expect(errorAt({ description: 'a\u0000' }, 'description')).toMatchObject({
      code: 'control_characters',
      message: { en: 'This contains invisible control characters. Please remove them and try again' },
    });
  });

  it('gives every other zod issue code a sensible bilingual message', () => {
    const schema = z.strictObject({
      union: z.union([z.string(), z.number()]),
      step: z.number().multipleOf(5),
      record: z.record(z.string().min(2), z.string()),
      url: z.url(),
      custom: z.string().refine(() => false),
      fewItems: z.array(z.string()).min(2),
      shortText: z.string().min(3),
      small: z.number().min(10),
    });
    const result = schema.safeParse({
      union: true,
      step: 7,
      record: { b: 'x' },
      url: 'nope',
      custom: 'x',
      fewItems: [],
      shortText: 'ab',
      small: 1,
    });
    const errors = toFieldErrors(result.error as z.ZodError);
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(byPath['union']?.code).toBe('invalid_union');
    expect(byPath['step']?.code).toBe('not_multiple_of');
    expect(byPath['record.b']?.code).toBe('invalid_key');
    expect(byPath['url']?.message.ja).toContain('URL');
    expect(byPath['custom']).toEqual({
      path: 'custom',
      code: 'custom',
      message: { ja: '入力を見直してください', en: 'Please check what you entered' },
    });
    expect(byPath['fewItems']?.message.ja).toBe('2個以上入れてください');
    expect(byPath['shortText']?.message.ja).toBe('3文字以上で書いてください');
    expect(byPath['small']?.message.ja).toBe('10以上の数にしてください');
    // zod 4.6 no longer raises invalid_element for sets and maps by itself, but the union still has it.
    const element = toFieldErrors({
      issues: [
        { code: 'invalid_element', origin: 'map', key: 'k', issues: [], path: ['m', 'k'], message: '' },
      ],
    });
    expect(element).toEqual([{ path: 'm.k', code: 'invalid_element', message: expect.objectContaining({}) }]);
    for (const error of [...errors, ...element]) {
      expect(error.message.ja.length).toBeGreaterThan(0);
      expect(error.message.en.length).toBeGreaterThan(0);
    }
  });
});
