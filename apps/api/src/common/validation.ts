import type { ArgumentMetadata } from '@nestjs/common';
import { type TFieldError, toFieldErrors } from '@madoguchi/shared';
import { createZodValidationPipe } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { AppError } from './errors/app-error';

/** Turns a zod failure into the common 400 with per-field messages in Japanese and English. */
export function validationError(error: ZodError): AppError {
  return new AppError('validation_failed', {
    message: 'Request validation failed',
    details: { fields: toFieldErrors(error) },
  });
}

type TUnstorable = { code: string; message: TFieldError['message'] };

const BROKEN_TEXT: TUnstorable = {
  code: 'invalid_characters',
  message: {
    ja: '読み取れない文字(文字化け)が含まれています。もう一度入力してください。',
    en: 'This contains characters that cannot be read (broken text). Please type it again.',
  },
};
const NUL_CHARACTER: TUnstorable = {
  code: 'control_characters',
  message: {
    ja: '見えない特別な文字(制御文字)が入っています。消してからもう一度送ってください。',
    en: 'This contains invisible control characters. Please remove them and try again.',
  },
};
// A UTF-16 surrogate without its pair: JSON allows it ("\ud800"), PostgreSQL cannot store it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_DEPTH = 20;

/** Why PostgreSQL could not take this text (or a key), if it could not. */
function unstorable(text: string): TUnstorable | null {
  if (LONE_SURROGATE.test(text)) {
    return BROKEN_TEXT;
  }
  // U+0000 is valid JSON ("\u0000") and a valid JS string, but no PostgreSQL text column or parameter can hold it:
  // a NUL in a receipt number or an e-mail address failed the query as a 500 (fuzz battery).
  return text.includes('\u0000') ? NUL_CHARACTER : null;
}

export type TUnstorableText = { path: string } & TUnstorable;

/** Every string in `value` (or key) PostgreSQL cannot store, with why (bodies are at most 64 KB: the walk is bounded). */
export function unstorableText(value: unknown, path: string[] = [], depth = 0): TUnstorableText[] {
  if (typeof value === 'string') {
    const problem = unstorable(value);
    return problem ? [{ path: path.join('.'), ...problem }] : [];
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, item]) => {
    const problem = unstorable(key);
    return [
      ...(problem ? [{ path: [...path, key].join('.'), ...problem }] : []),
      ...unstorableText(item, [...path, key], depth + 1),
    ];
  });
}

const ZodPipe = createZodValidationPipe({
  createValidationException: (error: unknown) => validationError(error as ZodError),
});

/**
 * The zod pipe, after a check every route gets: text PostgreSQL cannot store — a lone surrogate (a broken
 * client, a bad paste) or a NUL character — is refused with a field error instead of reaching the database,
 * where it would fail as a 500 and lose the intake. Bodies, queries and path parameters alike.
 */
export class AppValidationPipe extends ZodPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const problems = unstorableText(value);
    if (problems.length > 0) {
      throw new AppError('validation_failed', {
        message: 'Request validation failed',
        details: { fields: problems.map(({ path, code, message }) => ({ path, code, message })) },
      });
    }
    return super.transform(value, metadata);
  }
}
