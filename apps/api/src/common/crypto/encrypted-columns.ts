/**
 * Every text column stored encrypted (`enc:v1:…`, AAD = table.column + the row's id): the keys.reencrypt job
 * walks these to encrypt clear legacy values and move rows to the active data key, and a data key is retired
 * only when none of these columns uses it. A column added here must be written through FieldCrypto everywhere.
 */
export type EncryptedTextColumn = {
  table: string;
  column: string;
  /** The row's key (a uuid): the id the value is bound to. */
  idColumn: 'id' | 'case_id';
  /** Only the rows matching this SQL condition are encrypted (a constant, never from a request). */
  where?: string;
  /**
   * For a table the API's role may not UPDATE (history): the SECURITY DEFINER function that replaces the value,
   * called as `fn(id, from, to)` and answering whether the row changed (a constant, never from a request).
   */
  replaceFunction?: string;
};

export const ENCRYPTED_TEXT_COLUMNS: readonly EncryptedTextColumn[] = [
  // TOTP secrets of staff (issue 17): written by AuthService, read at every second-factor check.
  { table: 'users', column: 'totp_secret', idColumn: 'id' },
  // Referral notices to outside windows (NotificationsRepository): the text carries the partner link's token.
  { table: 'mail_outbox', column: 'text', idColumn: 'id', where: 'referral_link_id IS NOT NULL' },
  // What the person wrote with a correction or deletion request (PersonRequestsService); NULL when none.
  { table: 'person_requests', column: 'person_text', idColumn: 'id', where: 'person_text IS NOT NULL' },
  // The intake (IntakeRepository writes it; case-texts.ts seals and opens it). An empty description and the JSON
  // '{}' are what shredding (and an intake without identifiers) leaves: nothing to encrypt.
  { table: 'intakes', column: 'description', idColumn: 'case_id', where: "description <> ''" },
  { table: 'intakes', column: 'contact', idColumn: 'case_id', where: 'contact IS NOT NULL' },
  { table: 'intakes', column: 'identifiers', idColumn: 'case_id', where: "identifiers <> '{}'" },
  { table: 'intakes', column: 'raw', idColumn: 'case_id', where: "raw <> '{}'" },
  // The free text of the case history (CasesRepository.addEvent); NULL when none or shredded. The API's role may
  // not UPDATE case_events: the job goes through the one function that may (migration encrypt_intakes_events).
  {
    table: 'case_events',
    column: 'body',
    idColumn: 'id',
    where: 'body IS NOT NULL',
    replaceFunction: 'reencrypt_case_event_body',
  },
  // The person's words a triage result quotes (IntakeRepository writes them; case-texts.ts seals and opens them);
  // NULL when none or shredded. triage_results is append-only for the API's role: the job goes through the one
  // function that may replace them (migration encrypt_triage_phrases).
  {
    table: 'triage_results',
    column: 'phrases',
    idColumn: 'id',
    where: 'phrases IS NOT NULL',
    replaceFunction: 'reencrypt_triage_phrases',
  },
  // The identifiers cases share (CasesRepository; identifier-keys.ts seals and opens them): matched by value_key,
  // never by these. A row from before migration identifier_keys is also converted by the search.reindex job.
  { table: 'identifiers', column: 'value', idColumn: 'id' },
  { table: 'identifiers', column: 'display', idColumn: 'id' },
  // The rest of the free text written about a case (free-texts.ts seals and opens them; migration
  // encrypt_case_texts). NULL, or the empty reason shredding leaves, is nothing to encrypt.
  { table: 'cases', column: 'summary', idColumn: 'id', where: 'summary IS NOT NULL' },
  { table: 'cases', column: 'legal_hold_reason', idColumn: 'id', where: "legal_hold_reason <> ''" },
  { table: 'referrals', column: 'reason', idColumn: 'id', where: "reason <> ''" },
  { table: 'referrals', column: 'outcome_note', idColumn: 'id', where: 'outcome_note IS NOT NULL' },
  // Append-only for the API's role, like case_events: through the one function that may replace a note.
  {
    table: 'referral_status_changes',
    column: 'note',
    idColumn: 'id',
    where: 'note IS NOT NULL',
    replaceFunction: 'reencrypt_referral_status_note',
  },
  { table: 'referral_link_uses', column: 'note', idColumn: 'id', where: 'note IS NOT NULL' },
  { table: 'case_links', column: 'note', idColumn: 'id', where: 'note IS NOT NULL' },
  { table: 'case_reviews', column: 'comment', idColumn: 'id', where: 'comment IS NOT NULL' },
  { table: 'person_requests', column: 'refusal_reason', idColumn: 'id', where: 'refusal_reason IS NOT NULL' },
  // A shredded case's files keep their kind as their name and the shredding's fixed reason, in clear (they say
  // nothing about the person): those tombstones are left alone.
  { table: 'evidence_files', column: 'original_name', idColumn: 'id', where: 'original_name <> kind' },
  {
    table: 'evidence_files',
    column: 'delete_reason',
    idColumn: 'id',
    where: 'delete_reason IS NOT NULL AND original_name <> kind',
  },
];
