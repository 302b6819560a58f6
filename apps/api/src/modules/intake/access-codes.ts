import { ACCESS_CODE_LENGTH, formatReadable, RECEIPT_LENGTH } from '@madoguchi/shared';
import { hash, verify } from '@node-rs/argon2';
import { ARGON2ID } from '@madoguchi/db';
import { randomReadable } from '../../common/readable-code';

export const newReceiptNumber = () => formatReadable(randomReadable(RECEIPT_LENGTH), 4);
export const newAccessCode = () => formatReadable(randomReadable(ACCESS_CODE_LENGTH), 5);

// argon2id at OWASP's minimum profile (19 MiB, t=2): the code has 50 bits and online guessing is
// locked after 5 misses, so this only has to make an offline attack on a stolen table costly
// without making every intake wait on a 64 MiB hash.
const ACCESS_CODE_HASH = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashAccessCode = (code: string) => hash(code, ACCESS_CODE_HASH);

export async function verifyAccessCode(codeHash: string, code: string): Promise<boolean> {
  try {
    return await verify(codeHash, code);
  } catch {
    return false;
  }
}

/** Spent on unknown receipt numbers so a miss takes as long as a wrong code (no enumeration by timing). */
let dummyHash: Promise<string> | undefined;
export async function burnVerification(code: string): Promise<void> {
  dummyHash ??= hashAccessCode(newAccessCode());
  await verifyAccessCode(await dummyHash, code);
}
