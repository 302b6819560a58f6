'use server';

import { contract, REGISTRY_IMPORT_ENCODINGS, type TRegistryImportReport } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import { requirePermissionForAction } from './require-role';

/** Larger files belong in a batch job; this also stays under the server-action body limit (1 MB). */
const MAX_CSV_BYTES = 900 * 1024;
const REGISTRY_PAGE = '/admin/registry';
const routes = contract.registry;

export async function addRegistryEntry(input: {
  kind: string;
  value: string;
  source: string;
  note: string;
}): Promise<TActionResult> {
  const auth = await requirePermissionForAction('registry.manage');
  if (!auth.ok) {
    return auth.result;
  }
  return sendAction(routes.create, {
    body: {
      kind: input.kind,
      value: input.value,
      source: input.source,
      note: input.note.trim() ? input.note : undefined,
    },
    revalidate: REGISTRY_PAGE,
    success: (entry) =>
      succeeded({ ja: `${entry.display} を登録しました。`, en: `Added ${entry.display}.` }, undefined),
  });
}

export async function deleteRegistryEntry(input: { id: string }): Promise<TActionResult> {
  const auth = await requirePermissionForAction('registry.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!z.uuid().safeParse(input.id).success) {
    return invalid([], { ja: '項目が見つかりません。', en: 'Entry not found.' });
  }
  return sendAction(routes.remove, {
    params: { id: input.id },
    revalidate: REGISTRY_PAGE,
    success: () => succeeded({ ja: '削除しました。', en: 'Removed.' }, undefined),
  });
}

/**
 * CSV import: the file's bytes go to the API unchanged (it detects UTF-8 or Shift_JIS). A dry run
 * reports what would happen; the same file is then sent again with dryRun=false to import.
 */
export async function importRegistryCsv(form: FormData): Promise<TActionResult<TRegistryImportReport>> {
  const auth = await requirePermissionForAction('registry.manage');
  if (!auth.ok) {
    return auth.result;
  }
  const file = form.get('file');
  if (!(file instanceof Blob) || file.size === 0) {
    return invalid([
      {
        path: 'file',
        code: 'required',
        message: { ja: 'CSVファイルを選んでください', en: 'Choose a CSV file' },
      },
    ]);
  }
  if (file.size > MAX_CSV_BYTES) {
    return invalid([
      {
        path: 'file',
        code: 'too_big',
        message: {
          ja: 'ファイルが大きすぎます(900KBまで)。分けて取り込んでください',
          en: 'The file is too large (900 KB max); split it',
        },
      },
    ]);
  }
  const encoding = z.enum(REGISTRY_IMPORT_ENCODINGS).catch('auto').parse(form.get('encoding'));
  const source = String(form.get('source') ?? '').trim();
  const dryRun = form.get('dryRun') !== 'false';
  const result = await staffCall(
    routes.import,
    { query: { dryRun: dryRun ? 'true' : 'false', encoding, source: source || undefined } },
    { raw: { body: await file.arrayBuffer(), contentType: 'text/csv' } },
  );
  if (!result.ok) {
    return fromApiError(result.error);
  }
  if (!dryRun) {
    revalidatePath(REGISTRY_PAGE);
  }
  const report = result.data;
  return succeeded(
    dryRun
      ? {
          ja: `確認しました(まだ取り込んでいません): 追加 ${report.accepted.length}件・重複 ${report.duplicates.length}件・エラー ${report.rejected.length}件。`,
          en: `Checked, nothing imported yet: ${report.accepted.length} to add, ${report.duplicates.length} duplicates, ${report.rejected.length} rejected.`,
        }
      : {
          ja: `${report.accepted.length}件を取り込みました。`,
          en: `Imported ${report.accepted.length} entries.`,
        },
    report,
  );
}
