import type { TLocalized } from '@madoguchi/shared';

import { En } from '../ui/en';

const TITLES: Record<string, TLocalized> = {
  partner_link_unknown: { ja: 'リンクが見つかりません', en: 'Link not found' },
  partner_link_expired: { ja: 'リンクの有効期限が切れています', en: 'This link has expired' },
  partner_link_revoked: { ja: 'このリンクは取り消されました', en: 'This link was revoked' },
  rate_limited: { ja: 'しばらくしてから、もう一度お試しください', en: 'Please try again in a moment' },
};

const MESSAGES: Record<string, TLocalized> = {
  partner_link_unknown: {
    ja: 'このリンクは見つかりませんでした。紹介状に印刷されたURLを、もう一度お確かめください。',
    en: 'This link was not found. Please check the URL printed on the referral letter.',
  },
};

const FALLBACK_TITLE: TLocalized = { ja: '表示できませんでした', en: 'This page could not be shown' };

/**
 * A link that does not open the referral: unknown (or forged), expired, revoked, or the service is busy. Each says
 * which, and what to do: the letter names the referring desk and its phone number.
 */
export function PartnerLinkProblem({ reason, message }: { reason?: string; message?: TLocalized }) {
  const title = (reason && TITLES[reason]) || FALLBACK_TITLE;
  const body = message ?? (reason ? MESSAGES[reason] : undefined);
  return (
    <div className="container stack partner-page" data-testid="partner-link-problem" data-reason={reason}>
      <h1>
        {title.ja}
        <En>{title.en}</En>
      </h1>
      {body ? (
        <p role="alert">
          {body.ja}
          <En>{body.en}</En>
        </p>
      ) : null}
      <p>
        ご不明な点は、紹介状に記載の紹介元(相談窓口)へお電話でお問い合わせください。
        <En>If in doubt, call the referring desk named on the referral letter.</En>
      </p>
    </div>
  );
}
