import { Injectable } from '@nestjs/common';
import {
  queueSearch,
  searchTokenizer,
  tokenizeSearchDocument,
  type QueueSearch,
  type SearchTokenizer,
  type SearchTokens,
} from '@madoguchi/db';
import type { TSearchDocument } from '@madoguchi/shared';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';

/**
 * Case search under the key system: documents and queries become keyed tokens (HMAC-SHA-256 under index keys
 * derived from the `index` data key, FieldCrypto.blindIndex), so the database never holds searchable text in
 * clear. The index key is wrapped by the KEK like the field keys: `npm run keys:rotate` re-wraps it and leaves
 * every token valid. A case whose search_key is not this tokenizer's key (written before this scheme, or under
 * another index key) is rebuilt by the search.reindex job (CasesService.reindexSearch).
 */
@Injectable()
export class SearchIndex {
  private cached: SearchTokenizer | undefined;

  constructor(private readonly crypto: FieldCrypto) {}

  /** Opened on first use: the data keys may open after the module starts (database down at start). */
  get tokenizer(): SearchTokenizer {
    this.cached ??= searchTokenizer((indexName, value) => this.crypto.blindIndex(indexName, value));
    return this.cached;
  }

  tokens(document: TSearchDocument): SearchTokens {
    return tokenizeSearchDocument(this.tokenizer, document);
  }

  /** The words a counselor typed as a search of tokens; undefined when there is nothing to search for. */
  queueSearch(query: string): QueueSearch | undefined {
    return queueSearch(query, this.tokenizer);
  }
}
