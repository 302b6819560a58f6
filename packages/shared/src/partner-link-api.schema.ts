import { z } from 'zod';

import type { TErrorReason } from './api-errors';
import { ZLocalized } from './category';
import { ZEvidenceFile } from './evidence-api.schema';
import { hasForbiddenControlCharacters } from './intake.schema';
import { ZReferralStatus } from './referral-status';

/**
 * Partner acknowledgement links: the window a referral was sent to answers from a link on the letter, without an
 * account. Each action works once per link; complete and decline end the link.
 */
export const PARTNER_LINK_ACTIONS = ['acknowledge', 'complete', 'decline'] as const;
export const ZPartnerLinkAction = z.enum(PARTNER_LINK_ACTIONS);
export type TPartnerLinkAction = z.infer<typeof ZPartnerLinkAction>;

export const PARTNER_LINK_ACTION_LABELS = {
  acknowledge: { ja: '受け付けました', en: 'Acknowledge' },
  complete: { ja: '対応完了', en: 'Complete' },
  decline: { ja: 'お断り', en: 'Decline' },
} as const satisfies Record<TPartnerLinkAction, { ja: string; en: string }>;

/** Days a link works after it is issued, unless PARTNER_LINK_DAYS says otherwise. */
export const DEFAULT_PARTNER_LINK_DAYS = 30;

/** 256 random-looking bits in base64url: 43 characters, no padding. */
export const PARTNER_LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The web path of a link: `${WEB_PUBLIC_URL}/p/<token>`. */
export function partnerLinkPath(token: string): string {
  return `/p/${token}`;
}

/**
 * Anything up to 200 characters reaches the lookup, which answers "unknown link" for what is not a token: a mistyped
 * URL gets the same clear page as a forged one, not a validation error about path parameters.
 */
export const ZPartnerLinkParams = z.strictObject({ token: z.string().min(1).max(200) });

/** One evidence file the referral's consent shares, through the window's link. */
export const ZPartnerEvidenceParams = ZPartnerLinkParams.extend({ fileId: z.uuid() });

function note(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' },
    });
}

/** 受け付けました: a note is optional ("担当は○○です"). An empty field counts as none. */
export const ZPartnerAcknowledge = z.strictObject({
  note: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    note(1000).optional(),
  ),
});
export type TPartnerAcknowledge = z.infer<typeof ZPartnerAcknowledge>;

/** 対応完了: what the window did, for the desk's follow-up. */
export const ZPartnerComplete = z.strictObject({ outcomeNote: note(2000) });
export type TPartnerComplete = z.infer<typeof ZPartnerComplete>;

/** お断り: why, so the desk can find another window. */
export const ZPartnerDecline = z.strictObject({ reason: note(2000) });
export type TPartnerDecline = z.infer<typeof ZPartnerDecline>;

export const ZPartnerLinkUse = z.strictObject({
  action: ZPartnerLinkAction,
  at: z.iso.datetime({ offset: true }),
  /** The window's note, outcome or reason, as written. */
  note: z.string().nullable(),
});
export type TPartnerLinkUse = z.infer<typeof ZPartnerLinkUse>;

export const PARTNER_LINK_STATES = ['active', 'expired', 'revoked', 'closed'] as const;
export const ZPartnerLinkState = z.enum(PARTNER_LINK_STATES);
export type TPartnerLinkState = z.infer<typeof ZPartnerLinkState>;

export const PARTNER_LINK_STATE_LABELS = {
  active: { ja: '有効', en: 'Active' },
  expired: { ja: '期限切れ', en: 'Expired' },
  revoked: { ja: '取り消し', en: 'Revoked' },
  closed: { ja: '回答済み', en: 'Answered' },
} as const satisfies Record<TPartnerLinkState, { ja: string; en: string }>;

/** The referral's current link as staff see it (never the token: that is printed on the letter only). */
export const ZPartnerLinkStatus = z.strictObject({
  id: z.string(),
  state: ZPartnerLinkState,
  issuedAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
  uses: z.array(ZPartnerLinkUse),
});
export type TPartnerLinkStatus = z.infer<typeof ZPartnerLinkStatus>;

/** One part of the referral letter, as the partner page shows it (the letter decides what consent allows). */
export const ZPartnerLetterBlock = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['heading', 'subheading', 'paragraph']), text: z.string() }),
  z.strictObject({
    kind: z.literal('fields'),
    rows: z.array(z.strictObject({ label: z.string(), value: z.string() })),
  }),
  z.strictObject({ kind: z.literal('list'), items: z.array(z.string()) }),
]);
export type TPartnerLetterBlock = z.infer<typeof ZPartnerLetterBlock>;

/** What the link opens: the referral as the letter told it, where it stands and what the window may still do. */
export const ZPartnerLinkView = z.strictObject({
  referralNumber: z.string(),
  window: z.strictObject({ name: ZLocalized }),
  centre: z.strictObject({ name: z.string(), phone: z.string() }),
  status: ZReferralStatus,
  statusLabel: ZLocalized,
  state: ZPartnerLinkState,
  expiresAt: z.iso.datetime({ offset: true }),
  uses: z.array(ZPartnerLinkUse.omit({ note: true })),
  /** The actions still open, in the order the page offers them. */
  actions: z.array(ZPartnerLinkAction),
  letter: z.array(ZPartnerLetterBlock),
  /**
   * The evidence files the person agreed to hand to this window, each with the SHA-256 the desk received it
   * with: downloadable while the link is active (GET …/evidence/:fileId); empty once the loop is closed.
   */
  files: z.array(
    z.strictObject({
      ...ZEvidenceFile.pick({ id: true, name: true, kind: true, sizeBytes: true, sha256: true }).shape,
      /** Deleted at the desk since it was shared: listed with its hash, no longer downloadable (404). */
      deleted: z.boolean(),
    }),
  ),
});
export type TPartnerLinkView = z.infer<typeof ZPartnerLinkView>;

/** The reply to an action: what it did and what is left. */
export const ZPartnerLinkAnswer = z.strictObject({
  action: ZPartnerLinkAction,
  status: ZReferralStatus,
  statusLabel: ZLocalized,
  actions: z.array(ZPartnerLinkAction),
});
export type TPartnerLinkAnswer = z.infer<typeof ZPartnerLinkAnswer>;

/** `details.reason` of a refused link, so the page says which. */
export const PARTNER_LINK_ERROR_REASONS = [
  'partner_link_unknown',
  'partner_link_expired',
  'partner_link_revoked',
  'partner_link_action_used',
  'partner_link_closed',
] as const satisfies readonly TErrorReason[];
