// Tests that read intakes and case_events straight from the database: their free text is stored encrypted
// (issue 17 item 1), so these open it with the app's keys, as the API's repositories do (common/crypto/case-texts.ts).
import type { DbClient, Prisma } from '@madoguchi/db';
import { openEventData, openIntake } from '../src/common/crypto/case-texts';
import { ENCRYPTED_TEXT_COLUMNS } from '../src/common/crypto/encrypted-columns';
import { FieldCrypto } from '../src/common/crypto/field-crypto.service';
import { openOptionalText, type FreeTextColumn } from '../src/common/crypto/free-texts';
import type { TestApp } from './test-app';

function cryptoOf(t: TestApp): FieldCrypto {
  return t.app.get(FieldCrypto);
}

/** An intake row as stored, with its description, contact, identifiers and raw submission opened. */
export function openStoredIntake<
  T extends {
    caseId: string;
    description?: string;
    contact?: string | null;
    identifiers?: string;
    raw?: string;
  },
>(t: TestApp, row: T) {
  return openIntake(cryptoOf(t), row.caseId, row);
}

/** A case_events row as stored, with its data as the API wrote it (the free text of `body` put back). */
export async function openStoredEvent<T extends { id: string; data: Prisma.JsonValue; body: string | null }>(
  t: TestApp,
  row: T,
): Promise<Omit<T, 'body'> & { data: Prisma.JsonValue }> {
  const { body, ...rest } = row;
  return { ...rest, data: await openEventData(cryptoOf(t), { id: row.id, data: row.data, body }) };
}

export function openStoredEvents<T extends { id: string; data: Prisma.JsonValue; body: string | null }>(
  t: TestApp,
  rows: readonly T[],
) {
  return Promise.all(rows.map((row) => openStoredEvent(t, row)));
}

/**
 * Every value of the encrypted columns (ENCRYPTED_TEXT_COLUMNS) of these tables opened, as `table.column: value` lines: what a scan
 * of the database for a person's values must also read, since a ciphertext never contains them.
 */
export async function everyEncryptedValueOpened(
  t: TestApp,
  db: DbClient,
  tables: readonly string[] = ['intakes', 'case_events'],
): Promise<string> {
  const crypto = cryptoOf(t);
  const parts: string[] = [];
  for (const column of ENCRYPTED_TEXT_COLUMNS.filter((c) => tables.includes(c.table))) {
    const rows = await db.$queryRawUnsafe<{ id: string; v: string }[]>(
      `SELECT "${column.idColumn}"::text AS id, "${column.column}" AS v FROM "${column.table}"
        WHERE "${column.column}" IS NOT NULL`,
    );
    for (const row of rows) {
      const location = { table: column.table, column: column.column, rowId: row.id };
      parts.push(`${column.table}.${column.column}: ${await crypto.decryptString(row.v, location)}`);
    }
  }
  return parts.join('\n');
}

/** A free-text value as stored (a case's summary, a referral's reason… free-texts.ts), opened; null stays null. */
export function openStoredText(
  t: TestApp,
  column: FreeTextColumn,
  rowId: string,
  stored: string | null,
): Promise<string | null> {
  return openOptionalText(cryptoOf(t), column, rowId, stored);
}
