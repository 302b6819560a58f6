-- The four GIN indexes over a case's keyed search tokens keep the smallest pending list PostgreSQL allows (64 kB)
-- instead of the server's gin_pending_list_limit (4 MB). With fastupdate a row's few hundred tokens go to an
-- unsorted list, cheap, until an insert finds the list over its limit and merges all of it into the index inside
-- its own statement. At 4 MB that was the intake that took 0.3-1.7 s at a million cases, on a 2-core server the
-- core it took from every other intake, and the queue of intakes behind it (intake-open-80pct's p99); searches
-- also read the whole list. Without the list (fastupdate off, PostgreSQL's advice where a steady response time
-- matters more than update speed) no statement merged, but every insert took 7.5-10 ms instead of 2-3 (each token
-- a descent of the index) and the intake capacity fell by a fifth. At 256 kB single merges still took up to
-- 0.6 s; at 64 kB (about fifteen intakes' tokens) the slowest insert took 87-175 ms and an insert 4.7-5.8 ms on
-- average. Measured in docs/performance.md (2026-12-06). The indexes' storage parameters are not in schema.prisma
-- (the schema engine neither writes nor compares them); packages/db/test/migrations.spec.ts holds them.
ALTER INDEX "cases_search_grams_idx" SET (fastupdate = on, gin_pending_list_limit = 64);
ALTER INDEX "cases_search_exact_idx" SET (fastupdate = on, gin_pending_list_limit = 64);
ALTER INDEX "cases_open_search_grams_idx" SET (fastupdate = on, gin_pending_list_limit = 64);
ALTER INDEX "cases_open_search_exact_idx" SET (fastupdate = on, gin_pending_list_limit = 64);

-- A list already longer than the new limit would be merged whole by the next intake: merge it now.
SELECT gin_clean_pending_list('cases_search_grams_idx'::regclass);
SELECT gin_clean_pending_list('cases_search_exact_idx'::regclass);
SELECT gin_clean_pending_list('cases_open_search_grams_idx'::regclass);
SELECT gin_clean_pending_list('cases_open_search_exact_idx'::regclass);
