import { contract, PARTNER_LINK_TOKEN_PATTERN } from '@madoguchi/shared';
import { z } from 'zod';

import { publicFile } from '../../../../../../lib/api';
import { downloadError } from '../../../../../../lib/file-download';

type TContext = { params: Promise<{ token: string; fileId: string }> };

const NOT_FOUND = {
  ja: 'このファイルは見つかりませんでした。紹介状に印刷されたURLをご確認ください。',
  en: 'This file was not found. Please check the URL printed on the referral letter.',
};

/**
 * One evidence file the referral shares with the window, streamed from the API (which checks the link, that the
 * file is shared and scanned clean, and audits the download). A failure opens a page that leads back to the link.
 */
export async function GET(_request: Request, context: TContext): Promise<Response> {
  const { token, fileId } = await context.params;
  const back = { href: `/p/${token}`, label: { ja: '紹介のページへ戻る', en: 'Back to the referral' } };
  if (!PARTNER_LINK_TOKEN_PATTERN.test(token) || !z.uuid().safeParse(fileId).success) {
    return downloadError(NOT_FOUND, 404, { ...back, href: '/' });
  }
  return publicFile(contract.partnerLinks.evidence, { params: { token, fileId } }, back);
}
