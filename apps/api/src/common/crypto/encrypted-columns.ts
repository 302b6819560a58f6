/**
 * Every text column stored encrypted (`enc:v1:…`, AAD = table.column + the row's id): the keys.reencrypt job
 * walks these to encrypt clear legacy values and move rows to the active data key, and a data key is retired
 * only when none of these columns uses it. A column added here must be written through FieldCrypto everywhere.
 */
export type EncryptedTextColumn = {
  table: string;
  column: string;
  idColumn: 'id';
  /** Only the rows matching this SQL condition are encrypted (a constant, never from a request). */
  where?: string;
};

export const ENCRYPTED_TEXT_COLUMNS: readonly EncryptedTextColumn[] = [
  // TOTP secrets of staff (issue 17): written by AuthService, read at every second-factor check.
  { table: 'users', column: 'totp_secret', idColumn: 'id' },
  // Referral notices to outside windows (NotificationsRepository): the text carries the partner link's token.
  { table: 'mail_outbox', column: 'text', idColumn: 'id', where: 'referral_link_id IS NOT NULL' },
  // What the person wrote with a correction or deletion request (PersonRequestsService); NULL when none.
  { table: 'person_requests', column: 'person_text', idColumn: 'id', where: 'person_text IS NOT NULL' },
];
