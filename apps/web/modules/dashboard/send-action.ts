import { toFieldErrors } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';

import { staffApi } from '../../lib/staff-api';
import { fromApiError, invalid, type TActionResult } from './action-result';

/**
 * What every staff server action does once it has checked its ids: refuse input the API's own schema
 * rejects (field errors, nothing sent), call the API with the signed-in person's token, turn an API
 * error into the action's result, refresh the page that shows the change, and report success with a
 * message made from the reply. Server-side only (the actions' modules are 'use server').
 */
export async function sendAction<T, D>(request: {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  schema: z.ZodType<T>;
  /** The request body, validated with the shared schema; omitted for requests without one. */
  body?: z.ZodSafeParseResult<unknown>;
  /** The page to revalidate after the change. */
  revalidate: string;
  success: (reply: T) => TActionResult<D>;
}): Promise<TActionResult<D>> {
  if (request.body && !request.body.success) {
    return invalid(toFieldErrors(request.body.error));
  }
  const result = await staffApi({
    method: request.method,
    path: request.path,
    body: request.body?.data,
    schema: request.schema,
  });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath(request.revalidate);
  return request.success(result.data);
}
