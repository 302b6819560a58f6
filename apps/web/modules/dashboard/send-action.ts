import { toFieldErrors, type TRoute, type TRouteInput, type TRouteReply } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, type TActionResult } from './action-result';

/** A contract route's params (and headers) as the client takes them; the body as the form gave it. */
type TRouteAction<R extends TRoute, D> = Omit<TRouteInput<R>, 'body'> & {
  /** Checked against the route's own body schema before anything is sent. */
  body?: unknown;
  /** The page to revalidate after the change. */
  revalidate: string;
  success: (reply: TRouteReply<R>) => TActionResult<D>;
};

/**
 * What every staff server action does once it has checked its ids: refuse input the route's own schema
 * rejects (field errors, nothing sent), call the route with the signed-in person's token, turn an API
 * error into the action's result, refresh the page that shows the change, and report success with a
 * message made from the reply. Server-side only (the actions' modules are 'use server').
 */
export async function sendAction<R extends TRoute, D>(
  route: R,
  { body, revalidate, success, ...input }: TRouteAction<R, D>,
): Promise<TActionResult<D>> {
  const parsed = route.body?.safeParse(body);
  if (parsed && !parsed.success) {
    return invalid(toFieldErrors(parsed.error));
  }
  // The body is what the route's schema just accepted (or absent for a route without one).
  const result = await staffCall(route, { ...input, body: parsed?.data } as TRouteInput<R>);
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath(revalidate);
  return success(result.data);
}
