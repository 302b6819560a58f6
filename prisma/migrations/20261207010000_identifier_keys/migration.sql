-- Identifiers without clear values (issue 17 item 1). identifiers.value (the canonical phone number, URL, e-mail,
-- bank account, name) was the key cases share an identifier by, and it and `display` were stored in clear. The API
-- now writes both encrypted (FieldCrypto, bound to the row's id) and shares and matches rows by `value_key`, a keyed
-- value (HMAC-SHA-256 under an index key derived from the `index` data key, common/crypto/identifier-keys.ts) that
-- this SQL cannot compute. So the rows written before keep their clear values with value_key NULL, unique by them
-- as before, and the API's search.reindex job (queued at every start) converts them: it computes value_key,
-- encrypts value and display, and folds a row into the one a new intake may have added meanwhile for the same
-- value. Until then the API reads them as they are.

-- DropIndex
DROP INDEX "identifiers_kind_value_key";

-- AlterTable
ALTER TABLE "identifiers" ADD COLUMN "value_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "identifiers_kind_value_key_key" ON "identifiers"("kind", "value_key");

-- CreateIndex
CREATE UNIQUE INDEX "identifiers_legacy_kind_value_key" ON "identifiers"("kind", "value") WHERE (value_key IS NULL);

-- Registry entries (published scam lists, no person's data) keep their clear values; value_key is what a case's
-- identifiers match them by. NULL here: the search.reindex job computes it, as for identifiers.

-- AlterTable
ALTER TABLE "registry_entries" ADD COLUMN "value_key" TEXT;

-- CreateIndex
CREATE INDEX "registry_entries_kind_value_key_idx" ON "registry_entries"("kind", "value_key");
