'use server';

import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';

/*
 * The referral's partner link, from the case page: revoke it (a letter went to the wrong place) or issue a new one
 * (print the letter again to send it). Each checks the session through staffCall and refreshes the case page.
 */

const ZId = z.uuid();

type TLinkInput = { caseId: string; referralId: string };

function checkIds(input: TLinkInput): TActionResult<never> | null {
  return ZId.safeParse(input.caseId).success && ZId.safeParse(input.referralId).success
    ? null
    : invalid([], { ja: '紹介が見つかりません。', en: 'The referral was not found.' });
}

export async function revokePartnerLink(input: TLinkInput): Promise<TActionResult> {
  const bad = checkIds(input);
  if (bad) {
    return bad;
  }
  return sendAction(contract.partnerLinks.revoke, {
    params: { id: input.referralId },
    revalidate: `/cases/${input.caseId}`,
    success: () =>
      succeeded(
        {
          ja: '先方確認リンクを取り消しました。紹介状のリンクはもう使えません。',
          en: "Partner link revoked. The letter's link no longer works.",
        },
        undefined,
      ),
  });
}

export async function reissuePartnerLink(input: TLinkInput): Promise<TActionResult> {
  const bad = checkIds(input);
  if (bad) {
    return bad;
  }
  return sendAction(contract.partnerLinks.reissue, {
    params: { id: input.referralId },
    revalidate: `/cases/${input.caseId}`,
    success: () =>
      succeeded(
        {
          ja: '新しい先方確認リンクを発行しました。紹介状を印刷し直して送ってください。',
          en: 'New partner link issued. Print the letter again and send it.',
        },
        undefined,
      ),
  });
}

/** E-mails the live link to the window's referral address (a notice with the link, no personal data). */
export async function emailPartnerLink(input: TLinkInput): Promise<TActionResult> {
  const bad = checkIds(input);
  if (bad) {
    return bad;
  }
  return sendAction(contract.partnerLinks.email, {
    params: { id: input.referralId },
    revalidate: `/cases/${input.caseId}`,
    success: (referral) => {
      const to = referral.window.referralEmail ?? '';
      return succeeded(
        {
          ja: `リンクを ${to} 宛てにメールで送りました(送信待ちの一覧に入りました)。`,
          en: `The link was e-mailed to ${to} (queued for sending).`,
        },
        undefined,
      );
    },
  });
}
