-- The four GIN indexes over a case's keyed search tokens take each row's few hundred tokens straight into the
-- index instead of through GIN's pending list (fastupdate). With the pending list, an insert is cheap until the
-- list passes gin_pending_list_limit (4 MB); the insert that passes it then merges the whole list into the index
-- inside its own statement. At a million cases that was the intake that took a second, on a 2-core server the
-- core it took from every other intake, and the queue of intakes behind it (intake-open-80pct's p99). Every
-- search also read the unsorted list from start to end. PostgreSQL's documentation names the trade: where a
-- consistent response time matters more than update speed, turn fastupdate off. An intake is a person pressing
-- "send"; its time must not depend on whose turn it is to merge. Measured in docs/performance.md.
-- (schema.prisma cannot express index storage parameters; the schema engine does not compare them either.)
ALTER INDEX "cases_search_grams_idx" SET (fastupdate = off);
ALTER INDEX "cases_search_exact_idx" SET (fastupdate = off);
ALTER INDEX "cases_open_search_grams_idx" SET (fastupdate = off);
ALTER INDEX "cases_open_search_exact_idx" SET (fastupdate = off);

-- Turning fastupdate off does not flush what is already pending: merge it now rather than leave it to the next
-- VACUUM (searches read the list until then).
SELECT gin_clean_pending_list('cases_search_grams_idx'::regclass);
SELECT gin_clean_pending_list('cases_search_exact_idx'::regclass);
SELECT gin_clean_pending_list('cases_open_search_grams_idx'::regclass);
SELECT gin_clean_pending_list('cases_open_search_exact_idx'::regclass);
