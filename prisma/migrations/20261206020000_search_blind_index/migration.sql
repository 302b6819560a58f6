-- Case search without clear text (issue 17 item 1). cases.search_text (the normalised description, notes, contact
-- details and identifiers) and cases.search_grams (their character bigrams) held all of it in clear. They are
-- replaced by keyed tokens the API computes (packages/shared/src/search.ts, SearchIndex): 32 bits of an
-- HMAC-SHA-256 under index keys derived from the `index` data key, which this SQL cannot compute. So the rows
-- written before keep no tokens here (search_key NULL) and the API's search.reindex job, queued at every start,
-- rebuilds them from the intakes and the case history as the API opens them; until it has, they are not found.

DROP INDEX "cases_search_grams_idx";
DROP INDEX "cases_open_search_grams_idx";

ALTER TABLE "cases" DROP COLUMN "search_text",
DROP COLUMN "search_grams";

-- Every distinct character and bigram of the free text (receipt number, description, notes), as tokens.
ALTER TABLE "cases" ADD COLUMN "search_grams" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
-- Whole values only: contact details and identifiers (never a gram of them).
ADD COLUMN "search_exact" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
-- A 1,024-bit signature of the gram tokens (32 words): a walk of the queue order checks it first, cheaper
-- than a scan of the tokens (CasesRepository via packages/db/src/case-queue-sql.ts).
ADD COLUMN "search_sig" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
-- The index key and token scheme the tokens are under; NULL: to rebuild.
ADD COLUMN "search_key" TEXT;

-- CreateIndex
CREATE INDEX "cases_search_grams_idx" ON "cases" USING GIN ("search_grams");

-- CreateIndex
CREATE INDEX "cases_search_exact_idx" ON "cases" USING GIN ("search_exact");

-- CreateIndex
CREATE INDEX "cases_open_search_grams_idx" ON "cases" USING GIN ("search_grams") WHERE (status <> 'closed'::"CaseStatus");

-- CreateIndex
CREATE INDEX "cases_open_search_exact_idx" ON "cases" USING GIN ("search_exact") WHERE (status <> 'closed'::"CaseStatus");
