'use server';

import { contract, toFieldErrors, ZUpdateReferralWindow, ZWindowSlug } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { requirePermissionForAction } from './require-role';

/** The field a message is about, for admins editing a nested window (hours.periods.2.close). */
function withPaths(fields: ReturnType<typeof toFieldErrors>) {
  return fields.map((field) => ({
    ...field,
    message: { ja: `${field.message.ja}(${field.path})`, en: `${field.message.en} (${field.path})` },
  }));
}

/**
 * PATCH /windows/:slug with the fields the admin changed (last write wins per field; the API checks
 * the merged window as a whole).
 */
export async function updateWindow(input: {
  slug: string;
  patch: Record<string, unknown>;
}): Promise<TActionResult> {
  const auth = await requirePermissionForAction('windows.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZWindowSlug.safeParse(input.slug).success) {
    return invalid([], { ja: '窓口が見つかりません。', en: 'Window not found.' });
  }
  const body = ZUpdateReferralWindow.safeParse(input.patch);
  if (!body.success) {
    return invalid(withPaths(toFieldErrors(body.error)));
  }
  const result = await staffCall(contract.windows.update, { params: { slug: input.slug }, body: body.data });
  if (!result.ok) {
    return fromApiError({ ...result.error, fields: withPaths(result.error.fields) });
  }
  revalidatePath('/admin/windows');
  return succeeded(
    { ja: `「${result.data.name.ja}」を保存しました。`, en: `Saved "${result.data.name.en}".` },
    undefined,
  );
}
