export {
  createDbClient,
  createPooledDbClient,
  type DbClient,
  type DbPoolOptions,
  type PooledDbClient,
} from './client';
export * from './generated/prisma/client';
export { listenToChannel, type ChannelListener, type ChannelListenerOptions } from './channel-listener';
export { ARGON2ID, hashPassword, PASSWORD_HASH, passwordNeedsRehash, verifyPassword } from './password';
export { enrolCodeHash, newEnrolCode } from './enrol-code';
export { joinSql, sql, Sql } from './sql';
export { prismaSql } from './prisma-sql';
export { readExposure, UnknownReceipts } from './exposure';
export {
  countsQuery,
  decodeCursor,
  decodeDueCursor,
  encodeCursor,
  encodeDueCursor,
  NO_ASSIGNEE,
  queueQuery,
  queueSearch,
  readQueuePage,
  SEARCH_INDEX_NAMES,
  SEARCH_PROBE_ROWS,
  searchTokenizer,
  tokenizeSearchDocument,
  type QueueFilter,
  type QueueSearch,
  type SearchSpelling,
  type SearchTokenizer,
  type SearchTokens,
  type QueuePage,
  type QueueQueryRunner,
  type DueKey,
  type QueueRow,
  type SortKey,
} from './case-queue-sql';
