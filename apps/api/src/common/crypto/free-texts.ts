// The free text a person or a counselor wrote about a case, outside the intake and the case history (issue 17
// item 1; encrypted-columns.ts lists them for the keys.reencrypt job): how each value is sealed when written and
// opened when read, for every repository that writes or reads one. Each column is a plain text column holding
// `enc:v1:…`, bound to its table, column and row id.
import type { FieldLocation } from './field-cipher';
import type { FieldCrypto } from './field-crypto.service';

type Sealer = Pick<FieldCrypto, 'encryptString'>;
type Opener = Pick<FieldCrypto, 'decryptString'>;

/** The encrypted free-text columns this file seals and opens, by what they hold. */
export const FREE_TEXT_COLUMNS = {
  /** The counselors' summary of a case. */
  caseSummary: { table: 'cases', column: 'summary' },
  /** Why a case is on legal hold (a supervisor's words, often about the person or a proceeding). */
  legalHoldReason: { table: 'cases', column: 'legal_hold_reason' },
  /** Why the case is referred to the window. */
  referralReason: { table: 'referrals', column: 'reason' },
  /** What came of the referral. */
  referralOutcomeNote: { table: 'referrals', column: 'outcome_note' },
  /** A note on a step of the referral (staff's, or the window's through its link). */
  referralStatusNote: { table: 'referral_status_changes', column: 'note' },
  /** The window's note, outcome or reason when it answered through its partner link. */
  partnerLinkUseNote: { table: 'referral_link_uses', column: 'note' },
  /** Why two cases were linked. */
  caseLinkNote: { table: 'case_links', column: 'note' },
  /** A supervisor's comment on a reviewed case. */
  reviewComment: { table: 'case_reviews', column: 'comment' },
  /** Why the desk refused a person's request (shown to the person). */
  requestRefusalReason: { table: 'person_requests', column: 'refusal_reason' },
  /** The name an evidence file was sent with (file names often carry names). */
  evidenceName: { table: 'evidence_files', column: 'original_name' },
  /** Why an admin deleted an evidence file. */
  evidenceDeleteReason: { table: 'evidence_files', column: 'delete_reason' },
} as const satisfies Record<string, { table: string; column: string }>;

export type FreeTextColumn = keyof typeof FREE_TEXT_COLUMNS;

/** Where a value of the column is encrypted: its table, column and row. */
export function freeTextLocation(column: FreeTextColumn, rowId: string): FieldLocation {
  return { ...FREE_TEXT_COLUMNS[column], rowId };
}

/**
 * A value as stored. The empty string stays empty: it says nothing, and it is what shredding leaves in a required
 * column (referrals.reason), which the re-encryption job then leaves alone.
 */
export function sealText(crypto: Sealer, column: FreeTextColumn, rowId: string, value: string): string {
  return value === '' ? '' : crypto.encryptString(value, freeTextLocation(column, rowId));
}

/** An optional value as stored: null stays null, undefined (not changed) stays undefined. */
export function sealOptionalText<T extends string | null | undefined>(
  crypto: Sealer,
  column: FreeTextColumn,
  rowId: string,
  value: T,
): T {
  return (typeof value === 'string' ? sealText(crypto, column, rowId, value) : value) as T;
}

/** The clear text of a stored value (a clear value written before encryption is returned as it is). */
export function openText(
  crypto: Opener,
  column: FreeTextColumn,
  rowId: string,
  stored: string,
): Promise<string> {
  return stored === '' ? Promise.resolve('') : crypto.decryptString(stored, freeTextLocation(column, rowId));
}

/** The clear text of an optional stored value; null stays null. */
export function openOptionalText(
  crypto: Opener,
  column: FreeTextColumn,
  rowId: string,
  stored: string | null,
): Promise<string | null> {
  return stored === null ? Promise.resolve(null) : openText(crypto, column, rowId, stored);
}
