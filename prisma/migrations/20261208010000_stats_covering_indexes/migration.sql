-- Statistics at a million cases (issue 19, docs/performance.md). Each cases row is about 1.7 kB since the search
-- document's keyed tokens and the ciphertexts moved into it, so a month's scans by created_at read the heap row by
-- row (715 ms for the response targets' three columns of 83,555 cases). These indexes carry the columns the
-- statistics read, so the month's cohort, its response targets and the backlog are index-only scans of narrow
-- entries. Same keys as the indexes they replace, so every other plan is unchanged. schema.prisma cannot express
-- INCLUDE; it names these indexes by their keys (the schema engine reads the key columns only).

-- DropIndex
DROP INDEX "cases_created_at_idx";

-- CreateIndex
CREATE INDEX "cases_created_at_idx" ON "cases"("created_at") INCLUDE (
  "priority", "urgency", "channel", "status", "person_age", "prefecture", "closed_at", "first_response_at",
  "categories_judged_at", "triage_overridden", "suggested_categories", "confirmed_categories", "triage_rule_ids"
);

-- DropIndex
DROP INDEX "cases_closed_at_created_at_idx";

-- CreateIndex
CREATE INDEX "cases_closed_at_created_at_idx" ON "cases"("closed_at", "created_at") INCLUDE ("last_reopened_at", "id");
