'use server';

import { contract, type TTemplateFill } from '@madoguchi/shared';
import { z } from 'zod';

import { requireStaff } from '../../lib/auth';
import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';

/** A template's text filled for the case (the API resolves the window, hours, receipt and the counselor's name). */
export async function fillTemplateForCase(input: {
  caseId: string;
  templateId: string;
}): Promise<TActionResult<TTemplateFill>> {
  await requireStaff();
  if (!z.uuid().safeParse(input.caseId).success || !z.uuid().safeParse(input.templateId).success) {
    return invalid([
      {
        path: 'templateId',
        code: 'required',
        message: { ja: 'テンプレートを選んでください', en: 'Choose a template' },
      },
    ]);
  }
  const result = await staffCall(contract.templates.fill, {
    params: { id: input.templateId },
    query: { caseId: input.caseId },
  });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  const fill = result.data;
  return succeeded(
    fill.missing.length === 0
      ? {
          ja: 'テンプレートを入れました。送る前に読み直してください。',
          en: 'Template inserted. Read it before sending.',
        }
      : {
          ja: `テンプレートを入れました。この相談では埋められない項目が残っています: ${fill.missing.map((p) => `{{${p}}}`).join('、')}。手で書き換えてください。`,
          en: `Template inserted. Some placeholders could not be filled for this case: ${fill.missing.map((p) => `{{${p}}}`).join(', ')}. Replace them by hand.`,
        },
    fill,
  );
}
