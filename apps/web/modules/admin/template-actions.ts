'use server';

import {
  contract,
  unknownPlaceholderMessage,
  unknownTemplatePlaceholders,
  type TMessageTemplate,
} from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import { requirePermissionForAction } from './require-role';

const TEMPLATES_PAGE = '/admin/templates';
const routes = contract.templates;

type TTemplateInput = { kind: string; title: string; body: string };

/** Unknown placeholders are refused before anything is sent (the API checks again). */
function placeholderError(body: string): TActionResult<never> | null {
  const unknown = unknownTemplatePlaceholders(body);
  return unknown.length === 0
    ? null
    : invalid([{ path: 'body', code: 'unknown_placeholder', message: unknownPlaceholderMessage(unknown) }]);
}

export async function createTemplate(input: TTemplateInput): Promise<TActionResult<TMessageTemplate>> {
  const auth = await requirePermissionForAction('templates.manage');
  if (!auth.ok) {
    return auth.result;
  }
  const refused = placeholderError(input.body);
  if (refused) {
    return refused;
  }
  return sendAction(routes.create, {
    body: input,
    revalidate: TEMPLATES_PAGE,
    success: (template) =>
      succeeded(
        { ja: `「${template.title}」を作成しました。`, en: `Created "${template.title}".` },
        template,
      ),
  });
}

export async function updateTemplate(input: TTemplateInput & { id: string }): Promise<TActionResult> {
  const auth = await requirePermissionForAction('templates.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!z.uuid().safeParse(input.id).success) {
    return invalid([], { ja: '定型文が見つかりません。', en: 'Template not found.' });
  }
  const refused = placeholderError(input.body);
  if (refused) {
    return refused;
  }
  return sendAction(routes.update, {
    params: { id: input.id },
    body: { kind: input.kind, title: input.title, body: input.body },
    revalidate: TEMPLATES_PAGE,
    success: (template) =>
      succeeded({ ja: `「${template.title}」を保存しました。`, en: `Saved "${template.title}".` }, undefined),
  });
}

export async function setTemplateActive(input: { id: string; active: boolean }): Promise<TActionResult> {
  const auth = await requirePermissionForAction('templates.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!z.uuid().safeParse(input.id).success) {
    return invalid([], { ja: '定型文が見つかりません。', en: 'Template not found.' });
  }
  return sendAction(routes.update, {
    params: { id: input.id },
    body: { active: input.active },
    revalidate: TEMPLATES_PAGE,
    success: (template) =>
      succeeded(
        template.active
          ? { ja: `「${template.title}」を有効にしました。`, en: `Reactivated "${template.title}".` }
          : {
              ja: `「${template.title}」を無効にしました(相談画面に出なくなります)。`,
              en: `Deactivated "${template.title}" (no longer offered on cases).`,
            },
        undefined,
      ),
  });
}
