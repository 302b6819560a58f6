import { z } from 'zod';

import { ZLocalized } from './category';

/**
 * The API's error codes and the HTTP status each maps to: the one list both apps use (the API answers with
 * them, the web compares against them), and the OpenAPI document's `Error.code` enum.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [TErrorCode, ...TErrorCode[]];
export const ZErrorCode = z.enum(ERROR_CODES);

/** `details.reason`: the machine-readable cause inside a code, where a client acts on it. */
export const ERROR_REASONS = [
  // 409: someone saved first (cases and referrals alike).
  'version_conflict',
  'transition_not_allowed',
  'reason_required',
  'case_closed',
  'referral_closed',
  // 409 on a letter or copy: the referral's status allows none (details.status).
  'referral_status',
  'already_linked',
  // 409 on merging cases: the case is merged into another, already has duplicates merged into it, or the undo
  // window of a merge has passed.
  'case_merged',
  'case_has_merged_cases',
  'merge_undo_expired',
  'duplicate',
  // 409 on sending a referral: the window's eligibility excludes the person (details.warnings); confirm to send.
  'eligibility_warning',
  'idempotency_key_reused',
  'last_admin',
  'window_inactive',
  'window_not_found',
  // Partner acknowledgement links (404 unknown, 403 expired/revoked, 409 used or the referral is closed).
  'partner_link_unknown',
  'partner_link_expired',
  'partner_link_revoked',
  'partner_link_action_used',
  'partner_link_closed',
  // 409 on reissuing: the referral is not waiting for the window.
  'partner_link_not_issuable',
  // 409 on e-mailing the link to the window: the window has no referral address, or the link is not live.
  'window_email_missing',
  'partner_link_not_live',
  // 400: CSV import.
  'csv_empty',
  'csv_header',
  'csv_malformed',
  'invalid_encoding',
  'invalid_characters',
  // 401/403: the session must finish a step first, or cannot do this.
  'mfa_enrolment_required',
  'password_change_required',
  'temporary_password_expired',
  'refresh_token_reused',
  'no_totp_enrolment',
  'totp_already_enabled',
  'totp_not_enabled',
  'totp_required_for_role',
  // Evidence uploads (413 too large or too many, 415 another type, 400 empty or malformed; details.file names it);
  // 409 on opening a file that is not (yet) scanned clean (details.scanState).
  'evidence_file_too_large',
  'evidence_too_many_files',
  'evidence_type_not_allowed',
  'evidence_file_empty',
  'evidence_no_file',
  'evidence_malformed',
  'evidence_not_clean',
  // 404 on opening a file an admin deleted; 409 on deleting it again.
  'evidence_deleted',
  // 409 on shredding a case on legal hold, or one already shredded (retention).
  'legal_hold',
  'case_shredded',
  // 409 on a person's request: a deletion already waits, the data was deleted, or the request was decided.
  'person_request_pending',
  'person_data_deleted',
  'person_request_decided',
  // 503: shed under load.
  'overloaded',
  'statement_timeout',
  'client_closed',
  // 503 from the readiness probe: the process is starting (or its database or keys are not there).
  'not_ready',
] as const;
export type TErrorReason = (typeof ERROR_REASONS)[number];

export const ZFieldErrorBody = z.object({ path: z.string(), code: z.string(), message: ZLocalized });

/** Every error reply of the API: `{ code, message, details, requestId }`. */
export const ZApiErrorBody = z.object({
  code: ZErrorCode,
  message: ZLocalized,
  details: z
    .object({
      fields: z.array(ZFieldErrorBody).optional(),
      reason: z.string().optional(),
    })
    .loose(),
  requestId: z.string(),
});
export type TApiErrorBody = z.infer<typeof ZApiErrorBody>;
