-- CreateTable
CREATE TABLE "case_status_counts" (
    "status" "CaseStatus" NOT NULL,
    "priority" "Urgency" NOT NULL,
    "slot" SMALLINT NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "case_status_counts_pkey" PRIMARY KEY ("status","priority","slot")
);

-- CreateTable
CREATE TABLE "case_assignee_counts" (
    "assignee_id" UUID NOT NULL,
    "slot" SMALLINT NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "case_assignee_counts_pkey" PRIMARY KEY ("assignee_id","slot")
);

-- CreateIndex
CREATE INDEX "cases_open_queue_idx" ON "cases"("priority", "created_at", "id") WHERE (status <> 'closed'::"CaseStatus");

-- CreateIndex
CREATE INDEX "cases_open_assignee_queue_idx" ON "cases"("assignee_id", "priority", "created_at", "id") WHERE (status <> 'closed'::"CaseStatus");

-- CreateIndex
CREATE INDEX "cases_open_follow_up_idx" ON "cases"("follow_up_at") WHERE (status <> 'closed'::"CaseStatus" AND follow_up_at IS NOT NULL);

-- CreateIndex
CREATE INDEX "cases_open_search_grams_idx" ON "cases" USING GIN ("search_grams") WHERE (status <> 'closed'::"CaseStatus");

-- ---------------------------------------------------------------------------------------------
-- Written by hand (Prisma does not manage functions or triggers).
--
-- The dashboard asks for the counts of cases per status and priority, the open cases without an
-- assignee and those assigned to the reader with every page of the queue. Counting them read the
-- whole table (p95 229 ms at 100,000 cases, linear in the table); the database now keeps the
-- numbers, whoever writes cases (the API, an import, the benchmark's COPY, a test fixture).
--
-- Statement-level triggers with transition tables: a COPY or a multi-row INSERT adds its rows in
-- one aggregated write, and an UPDATE that changes none of the counted columns adds nothing (the
-- old and new rows cancel out; a column list is not allowed together with transition tables).
-- Each key is spread over 8 slots, chosen by the writing backend (pg_backend_pid() % 8): concurrent
-- intakes on different connections mostly write different rows, and one transaction always writes
-- the same slot. Keys are written in sorted order, so two transactions never wait on each other's
-- counter rows in opposite orders. Readers sum the slots (at most 6 × 4 × 8 + 2 × 8 rows).

-- The rows' contribution: +1 for each row of new_rows, -1 for each of old_rows; keys that net to
-- zero are not written, so an UPDATE of other columns (notes, the search document) writes nothing.
-- Open cases also count per assignee; the all-zero uuid stands for "no assignee".
CREATE FUNCTION cases_keep_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  my_slot constant smallint := pg_backend_pid() % 8;
  statuses "CaseStatus"[];
  priorities "Urgency"[];
  assignees uuid[];
  deltas int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(r."status"), array_agg(r."priority"),
        array_agg(CASE WHEN r."status" <> 'closed'
          THEN coalesce(r."assignee_id", '00000000-0000-0000-0000-000000000000'::uuid) END),
        array_agg(1)
      INTO statuses, priorities, assignees, deltas
      FROM new_rows r;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(r."status"), array_agg(r."priority"),
        array_agg(CASE WHEN r."status" <> 'closed'
          THEN coalesce(r."assignee_id", '00000000-0000-0000-0000-000000000000'::uuid) END),
        array_agg(-1)
      INTO statuses, priorities, assignees, deltas
      FROM old_rows r;
  ELSE
    SELECT array_agg(r."status"), array_agg(r."priority"),
        array_agg(CASE WHEN r."status" <> 'closed'
          THEN coalesce(r."assignee_id", '00000000-0000-0000-0000-000000000000'::uuid) END),
        array_agg(r.d)
      INTO statuses, priorities, assignees, deltas
      FROM (SELECT o."status", o."priority", o."assignee_id", -1 AS d FROM old_rows o
            UNION ALL
            SELECT n."status", n."priority", n."assignee_id", 1 FROM new_rows n) r;
  END IF;
  IF deltas IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO "case_status_counts" ("status", "priority", "slot", "n")
    SELECT u.s, u.p, my_slot, sum(u.d) FROM unnest(statuses, priorities, deltas) AS u(s, p, d)
    GROUP BY u.s, u.p HAVING sum(u.d) <> 0
    ORDER BY u.s, u.p
    ON CONFLICT ("status", "priority", "slot")
      DO UPDATE SET "n" = "case_status_counts"."n" + EXCLUDED."n";
  INSERT INTO "case_assignee_counts" ("assignee_id", "slot", "n")
    SELECT u.a, my_slot, sum(u.d) FROM unnest(assignees, deltas) AS u(a, d)
    WHERE u.a IS NOT NULL
    GROUP BY u.a HAVING sum(u.d) <> 0
    ORDER BY u.a
    ON CONFLICT ("assignee_id", "slot")
      DO UPDATE SET "n" = "case_assignee_counts"."n" + EXCLUDED."n";
  RETURN NULL;
END;
$$;

CREATE TRIGGER cases_keep_counts_insert AFTER INSERT ON "cases"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_keep_counts();
CREATE TRIGGER cases_keep_counts_update AFTER UPDATE ON "cases"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_keep_counts();
CREATE TRIGGER cases_keep_counts_delete AFTER DELETE ON "cases"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_keep_counts();

-- TRUNCATE fires no row or transition-table trigger: empty the counters with it.
CREATE FUNCTION cases_truncate_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "case_status_counts";
  DELETE FROM "case_assignee_counts";
  RETURN NULL;
END;
$$;
CREATE TRIGGER cases_truncate_counts AFTER TRUNCATE ON "cases"
  FOR EACH STATEMENT EXECUTE FUNCTION cases_truncate_counts();

-- Recounts from the table (the backfill below; also for an operator who suspects the counters,
-- run as the owner while nothing writes cases: it takes a lock that makes writers wait).
CREATE FUNCTION case_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "cases" IN SHARE MODE;
  DELETE FROM "case_status_counts";
  DELETE FROM "case_assignee_counts";
  INSERT INTO "case_status_counts" ("status", "priority", "slot", "n")
    SELECT "status", "priority", 0, count(*) FROM "cases" GROUP BY 1, 2;
  INSERT INTO "case_assignee_counts" ("assignee_id", "slot", "n")
    SELECT coalesce("assignee_id", '00000000-0000-0000-0000-000000000000'::uuid), 0, count(*)
    FROM "cases" WHERE "status" <> 'closed' GROUP BY 1;
END;
$$;

SELECT case_counts_rebuild();
