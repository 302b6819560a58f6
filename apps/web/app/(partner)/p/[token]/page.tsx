import { contract, PARTNER_LINK_TOKEN_PATTERN } from '@madoguchi/shared';
import type { Metadata } from 'next';

import { publicCall } from '../../../../lib/api';
import { answerPartnerLink } from '../../../../modules/partner/partner-actions';
import { PartnerLinkProblem } from '../../../../modules/partner/partner-link-problem';
import { PartnerLinkView } from '../../../../modules/partner/partner-link-view';

export const metadata: Metadata = { title: '紹介へのご回答 / Reply to a referral' };

/** The link printed on a referral letter: what the referral is about and the window's answers. */
export default async function PartnerLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Not a token at all (a mistyped URL): the same page as an unknown link, without asking the API.
  if (!PARTNER_LINK_TOKEN_PATTERN.test(token)) {
    return <PartnerLinkProblem reason="partner_link_unknown" />;
  }
  const result = await publicCall(contract.partnerLinks.get, { params: { token } });
  if (!result.ok) {
    return <PartnerLinkProblem reason={result.error.reason} message={result.error.message} />;
  }
  return <PartnerLinkView token={token} view={result.data} action={answerPartnerLink} />;
}
