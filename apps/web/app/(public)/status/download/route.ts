import { ZPersonDataExportRequest } from '@madoguchi/shared';

import { exportPersonData } from '../../../../lib/api';
import { isSameOrigin } from '../../../../lib/api-stream';
import { downloadError, type TDownloadBack } from '../../../../lib/file-download';

/*
 * The person's own data as a file (開示), from the status page's download buttons: a plain form POST (no
 * JavaScript needed) with the receipt number and access code in hidden fields of the body, never the URL. The
 * API's file is streamed through with its name (Content-Disposition: attachment), so the browser saves it and
 * stays on the status page; a failure opens a page saying why instead of saving an error as a file.
 */

export const dynamic = 'force-dynamic';

const BACK: TDownloadBack = {
  href: '/status',
  label: { ja: '相談の状況を確認するページにもどる', en: 'Back to the status page' },
};

const CROSS_SITE = 'このページからは送信できません。 / This form cannot be sent from another site.';

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    return new Response(CROSS_SITE, {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const form = await request.formData().catch(() => null);
  const parsed = ZPersonDataExportRequest.safeParse(
    form
      ? {
          receiptNumber: text(form, 'receiptNumber'),
          accessCode: text(form, 'accessCode'),
          format: text(form, 'format'),
        }
      : {},
  );
  if (!parsed.success) {
    return downloadError(
      {
        ja: '受付番号・アクセスコード・ファイルの形式を読み取れませんでした。状況確認ページからもう一度ためしてください。',
        en: 'The receipt number, access code or file format could not be read. Please try again from the status page.',
      },
      400,
      BACK,
    );
  }
  return exportPersonData(parsed.data, BACK);
}

/** The address typed in or reloaded: the status page, where the buttons are. */
export function GET(): Response {
  return new Response(null, { status: 303, headers: { location: '/status' } });
}
