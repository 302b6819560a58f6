// Identifiers without clear values (issue 17 item 1; migration identifier_keys): how an identifier's canonical value
// becomes the keyed value cases share it by (identifiers.value_key, registry_entries.value_key), and how its value
// and display are sealed when written and opened when read, for every repository that writes or reads them.
import type { IdentifierKind } from '@madoguchi/db';
import type { FieldLocation } from './field-cipher';
import type { FieldCrypto } from './field-crypto.service';

type Keyer = Pick<FieldCrypto, 'blindIndex'>;
type Sealer = Pick<FieldCrypto, 'encryptString'>;
type Opener = Pick<FieldCrypto, 'decryptString'>;

/** Bumped when the keyed value changes (normalisation, input): every row is then recomputed by search.reindex. */
const IDENTIFIER_KEY_SCHEME = 'v1';

/**
 * Names the index key and scheme of a keyed value without telling anything of the key (a keyed value of a
 * constant): the prefix of every value_key made under it, so a row under another index key is found by its prefix.
 */
export function identifierKeyTag(crypto: Keyer): string {
  return `${IDENTIFIER_KEY_SCHEME}.${crypto.blindIndex('identifiers.key', IDENTIFIER_KEY_SCHEME).slice(0, 8)}`;
}

/**
 * The keyed value of a canonical identifier value (normalize.ts): `<tag>:<HMAC>` under the index key of its kind
 * (one key per kind, so a name and a bank account spelled alike do not share a value). Equal values give equal
 * keyed values, so cases share an identifier and the registry matches it without the value ever being stored.
 */
export function identifierValueKey(crypto: Keyer, kind: IdentifierKind, value: string): string {
  return `${identifierKeyTag(crypto)}:${crypto.blindIndex(`identifiers.value:${kind}`, value)}`;
}

/** Where an identifier's value or display is encrypted: bound to the row's id. */
export const identifierLocation = (id: string, column: 'value' | 'display'): FieldLocation => ({
  table: 'identifiers',
  column,
  rowId: id,
});

/** A new identifier row's value and display, sealed under its id (synchronous: the intake's batch awaits nothing). */
export function sealIdentifier(
  crypto: Sealer,
  id: string,
  identifier: { value: string; display: string },
): { value: string; display: string } {
  return {
    value: crypto.encryptString(identifier.value, identifierLocation(id, 'value')),
    display: crypto.encryptString(identifier.display, identifierLocation(id, 'display')),
  };
}

/**
 * An identifier row with its value and display opened (a row written in clear before migration identifier_keys is
 * read as it is). Only the columns the row was read with are opened.
 */
export async function openIdentifier<T extends { id: string; value?: string; display?: string }>(
  crypto: Opener,
  row: T,
): Promise<T> {
  const [value, display] = await Promise.all([
    row.value === undefined
      ? undefined
      : crypto.decryptString(row.value, identifierLocation(row.id, 'value')),
    row.display === undefined
      ? undefined
      : crypto.decryptString(row.display, identifierLocation(row.id, 'display')),
  ]);
  return {
    ...row,
    ...(value === undefined ? {} : { value }),
    ...(display === undefined ? {} : { display }),
  };
}

/** Case-identifier links (`{ identifier }`) with their identifiers opened, openIdentifier. */
export function openIdentifierLinks<
  L extends { identifier: { id: string; value?: string; display?: string } },
>(crypto: Opener, links: readonly L[]): Promise<L[]> {
  return Promise.all(
    links.map(async (link) => ({ ...link, identifier: await openIdentifier(crypto, link.identifier) })),
  );
}
