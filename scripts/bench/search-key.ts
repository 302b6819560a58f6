// The benchmark's search tokens: the cases it loads and the baseline's searches use the keyed tokens the API
// under test computes (SearchIndex), under the index key of the benchmark's database (index-key.ts opens it).
// Light on purpose: the generator's workers import it.
import { searchTokenizer, type SearchTokenizer } from '@madoguchi/db/case-queue-sql';
import { blindIndexToken, deriveIndexKey } from '../../apps/api/src/common/crypto/field-cipher';

/** The API's tokenizer (FieldCrypto.blindIndex under each index's derived key) from the index root key. */
export function benchSearchTokenizer(indexRootKey: Buffer): SearchTokenizer {
  const keys = new Map<string, Buffer>();
  return searchTokenizer((indexName, value) => {
    let key = keys.get(indexName);
    if (!key) {
      key = deriveIndexKey(indexRootKey, indexName);
      keys.set(indexName, key);
    }
    return blindIndexToken(key, value);
  });
}
