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

const BROKEN_TEXT: TFieldError['message'] = {
  ja: '読み取れない文字(文字化け)が含まれています。もう一度入力してください。',
  en: 'This contains characters that cannot be read (broken text). Please type it again.',
};
// A UTF-16 surrogate without its pair: JSON allows it ("\ud800"), PostgreSQL cannot store it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_DEPTH = 20;

/** Paths of every string in `value` holding a lone surrogate (bodies are at most 64 KB, so the walk is bounded). */
export function brokenTextPaths(value: unknown, path: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? [path.join('.')] : [];
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, item]) => [
    ...(LONE_SURROGATE.test(key) ? [[...path, key].join('.')] : []),
    ...brokenTextPaths(item, [...path, key], depth + 1),
  ]);
}

const ZodPipe = createZodValidationPipe({
  createValidationException: (error: unknown) => validationError(error as ZodError),
});

/**
 * The zod pipe, after a check every route gets: text with a lone surrogate (a broken client, a bad paste) is
 * refused with a field error instead of reaching the database, where it would fail as a 500 and lose the intake.
 */
export class AppValidationPipe extends ZodPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const broken = brokenTextPaths(value);
    if (broken.length > 0) {
      throw new AppError('validation_failed', {
        message: 'Request validation failed',
        details: {
          fields: broken.map((path) => ({ path, code: 'invalid_characters', message: BROKEN_TEXT })),
        },
      });
    }
    return super.transform(value, metadata);
  }
}
