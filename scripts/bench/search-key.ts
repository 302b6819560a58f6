// The benchmark's search tokens: the cases it loads and the baseline's searches use the keyed tokens the API
// under test computes (SearchIndex), under the index key of the benchmark's database (index-key.ts opens it).
// Light on purpose: the generator's workers import it.
import { searchTokenizer, type SearchTokenizer } from '@madoguchi/db/case-queue-sql';
import { blindIndexToken, deriveIndexKey } from '../../apps/api/src/common/crypto/field-cipher';

/** Tokens remembered per worker: grams repeat across cases, and one HMAC per gram was a quarter of the load's CPU. */
const MEMO_LIMIT = 400_000;

/**
 * The API's tokenizer (FieldCrypto.blindIndex under each index's derived key) from the index root key. A token is a
 * pure function of (index, value), so the generator may remember them (`memo`): the same tokens, computed once. The
 * baseline server must not: it does per request what the API does.
 */
export function benchSearchTokenizer(
  indexRootKey: Buffer,
  options: { memo?: boolean } = {},
): SearchTokenizer {
  const keys = new Map<string, Buffer>();
  const token = (indexName: string, value: string) => {
    let key = keys.get(indexName);
    if (!key) {
      key = deriveIndexKey(indexRootKey, indexName);
      keys.set(indexName, key);
    }
    return blindIndexToken(key, value);
  };
  if (!options.memo) {
    return searchTokenizer(token);
  }
  const memo = new Map<string, string>();
  return searchTokenizer((indexName, value) => {
    const memoKey = `${indexName}\u0000${value}`;
    let known = memo.get(memoKey);
    if (known === undefined) {
      known = token(indexName, value);
      if (memo.size >= MEMO_LIMIT) {
        memo.clear();
      }
      memo.set(memoKey, known);
    }
    return known;
  });
}
