import {
  ZPartnerAcknowledge,
  ZPartnerEvidenceParams,
  ZPartnerComplete,
  ZPartnerDecline,
  ZPartnerLinkAnswer,
  ZPartnerLinkParams,
  ZPartnerLinkView,
} from '../partner-link-api.schema';
import { ZReferral, ZReferralIdParams } from '../referral-api.schema';
import { route } from './route';

const PUBLIC_ERRORS = ['not_found', 'forbidden', 'conflict', 'rate_limited'] as const;

/**
 * Partner acknowledgement links: the receiving window answers a referral from the link on its letter, without an
 * account (public, rate-limited per address), and the desk revokes or reissues the link.
 */
export const partnerLinksContract = {
  get: route({
    operationId: 'getPartnerLink',
    tag: 'partner-links',
    method: 'GET',
    path: '/partner-links/:token',
    summary: 'What a partner link opens: the referral as the consent allows, its state and the actions left',
    description:
      'Unknown or forged tokens answer 404 partner_link_unknown; expired and revoked links 403 ' +
      'partner_link_expired / partner_link_revoked. Every look is audited with the address.',
    access: 'public',
    params: ZPartnerLinkParams,
    reply: ZPartnerLinkView,
    errors: PUBLIC_ERRORS,
  }),
  evidence: route({
    operationId: 'downloadPartnerEvidence',
    tag: 'partner-links',
    method: 'GET',
    path: '/partner-links/:token/evidence/:fileId',
    summary:
      "One evidence file the referral's consent shares with the window, as received (while the link is active)",
    description:
      'Only the files listed in the view, each scanned clean; any other file answers 404. Every download is ' +
      'audited with the address.',
    access: 'public',
    params: ZPartnerEvidenceParams,
    reply: {
      file: [
        'image/png',
        'image/jpeg',
        'image/heic',
        'image/webp',
        'application/pdf',
        'text/plain',
        'message/rfc822',
      ],
    },
    errors: PUBLIC_ERRORS,
  }),
  acknowledge: route({
    operationId: 'acknowledgePartnerLink',
    tag: 'partner-links',
    method: 'POST',
    path: '/partner-links/:token/acknowledge',
    summary: 'The window received the referral (once per link); the referral becomes acknowledged',
    description: 'A second use answers 409 partner_link_action_used and changes nothing.',
    access: 'public',
    params: ZPartnerLinkParams,
    body: ZPartnerAcknowledge,
    reply: ZPartnerLinkAnswer,
    status: 200,
    errors: PUBLIC_ERRORS,
  }),
  complete: route({
    operationId: 'completePartnerLink',
    tag: 'partner-links',
    method: 'POST',
    path: '/partner-links/:token/complete',
    summary:
      'The window finished helping, with an outcome note; the referral becomes completed and the link ends',
    access: 'public',
    params: ZPartnerLinkParams,
    body: ZPartnerComplete,
    reply: ZPartnerLinkAnswer,
    status: 200,
    errors: PUBLIC_ERRORS,
  }),
  decline: route({
    operationId: 'declinePartnerLink',
    tag: 'partner-links',
    method: 'POST',
    path: '/partner-links/:token/decline',
    summary:
      'The window cannot take the referral, with a reason; the referral becomes declined and the link ends',
    access: 'public',
    params: ZPartnerLinkParams,
    body: ZPartnerDecline,
    reply: ZPartnerLinkAnswer,
    status: 200,
    errors: PUBLIC_ERRORS,
  }),
  revoke: route({
    operationId: 'revokePartnerLink',
    tag: 'partner-links',
    method: 'POST',
    path: '/referrals/:id/link/revoke',
    summary:
      "Revoke the referral's partner link (a letter sent to the wrong place); it stops working at once",
    access: 'cases.work',
    params: ZReferralIdParams,
    reply: ZReferral,
    status: 200,
    errors: ['not_found', 'conflict'],
  }),
  reissue: route({
    operationId: 'reissuePartnerLink',
    tag: 'partner-links',
    method: 'POST',
    path: '/referrals/:id/link/reissue',
    summary: 'Revoke the current link and issue a new one (print the letter again to send it)',
    description:
      'Only while the referral waits for the window (sent or acknowledged): else 409 partner_link_not_issuable.',
    access: 'cases.work',
    params: ZReferralIdParams,
    reply: ZReferral,
    status: 200,
    errors: ['not_found', 'conflict'],
  }),
  email: route({
    operationId: 'emailPartnerLink',
    tag: 'partner-links',
    method: 'POST',
    path: '/referrals/:id/link/email',
    summary: "E-mail the live link to the window's referral address (a notice without the person's data)",
    description:
      'Queues one mail to the address an admin set on the window. 409 window_email_missing (no address), ' +
      'partner_link_not_live (revoked, expired or none) or partner_link_not_issuable (not sent or acknowledged).',
    access: 'cases.work',
    params: ZReferralIdParams,
    reply: ZReferral,
    status: 200,
    errors: ['not_found', 'conflict'],
  }),
};
