import { toFieldErrors } from '@madoguchi/shared';
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

export const AppValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown) => validationError(error as ZodError),
});
