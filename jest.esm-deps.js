// Dependencies that ship only as ES modules, which jest's CommonJS module system cannot load: swc
// turns them into CommonJS (transformIgnorePatterns). Shared by jest.config.js and jest.e2e.config.js.

/** The WebAssembly schema engine's glue (migrations). */
const SCHEMA_ENGINE_ESM = '@prisma/schema-engine-wasm';
/** pg-boss and its dependencies. */
const PG_BOSS_ESM = 'pg-boss|serialize-error|non-error|rrule-temporal|temporal-spec';
/** file-type (evidence uploads: content sniffing) and its dependencies. */
const FILE_TYPE_ESM = 'file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit';
/** uuid (UUIDv7 ids for appended rows, apps/api common/ids.ts). */
const UUID_ESM = 'uuid';

/** A transformIgnorePatterns entry that lets swc compile these packages (and `extra`). */
function transformEsmOnly(...extra) {
  return [
    `/node_modules/(?!(${[...extra, SCHEMA_ENGINE_ESM, PG_BOSS_ESM, FILE_TYPE_ESM, UUID_ESM].join('|')})/)`,
  ];
}

module.exports = { transformEsmOnly };
