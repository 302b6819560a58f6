import { createHash } from 'node:crypto';

/** Identifies the list of texts, so a stale readings file is caught by a test rather than seen by a child. */
export function furiganaDigest(texts: readonly string[]): string {
  return createHash('sha256').update(texts.join('\n')).digest('hex').slice(0, 16);
}
