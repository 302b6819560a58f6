-- case_events partitioned by month (issue 19 item 5), the same way as audit_log (migration
-- 20261206030000_partition_audit_log). At ~8 events per case the history reaches tens of millions of rows; monthly
-- partitions keep the indexes where rows are appended small, and a case's timeline (case_id, created_at) is read
-- from the months it spans.
--
-- - PARTITION BY RANGE (created_at), months in UTC: `case_events_yYYYYmMM` holds [YYYY-MM-01 00:00 UTC, next month).
-- - The primary key becomes (id, created_at): a partitioned table's unique keys must contain the partition key.
--   Ids are now UUIDv7 made by the API (time-ordered: appended at the right edge of each month's key index instead
--   of at a random page); rows already there keep their ids (their bodies are encrypted under them).
-- - A lookup by id alone (reencrypt_case_event_body) has no created_at to prune with: it probes the primary key
--   index of every month, whose leading column is id, one small index probe per month. No separate index on id
--   is needed; the keys.reencrypt job that calls it is a background job, and the uniqueness of a v7 or v4 id
--   (122 or 74 random bits a millisecond) does not depend on the key holding across months.
-- - Nothing references case_events(id) by foreign key. The keys to cases (ON DELETE CASCADE: deleting a case, as
--   the owner, deletes its events in every month) and to users (ON DELETE SET NULL) are declared on the parent and
--   hold on every partition.
-- - A DEFAULT partition takes rows of a month without a partition of its own, so an insert never fails. It should
--   stay empty: the audit.ensure-partitions job creates the months ahead of both tables (case_events_ensure_partitions
--   below) and reports rows in the default, which the owner moves with
--   `npm run audit:partitions -- --drain-default`.
-- - History for the API's role: it may not UPDATE or DELETE case_events (packages/db roles.ts, APPEND_ONLY_TABLES)
--   except through the SECURITY DEFINER functions of the retention and encryption migrations, which keep working on
--   the parent. It holds no privilege on a partition itself (it reads and inserts through the parent) and cannot
--   create, attach or detach partitions (it owns none). The row trigger that keeps the cases' statistics facts
--   (case_events_keep_case_facts) is made on the parent, so PostgreSQL clones it onto every partition, present and
--   future. case_events has no statement trigger (it is not append-only by trigger for the owner: retention and
--   the cascade from cases delete), so a partition needs only its privileges taken away.

-- What every partition gets, the DEFAULT one included: no privilege for anyone but its owner (default privileges
-- hand every new table to the API's role; a partition is reached through the parent only, whose privileges
-- PostgreSQL checks).
CREATE FUNCTION "case_events_guard_partition"("p_table" REGCLASS) RETURNS VOID
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_grantee OID;
BEGIN
  FOR v_grantee IN
    SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = p_table AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %s', p_table,
                   CASE WHEN v_grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(v_grantee)) END);
  END LOOP;
END;
$$;
REVOKE EXECUTE ON FUNCTION "case_events_guard_partition"(REGCLASS) FROM PUBLIC;

-- A month's partition: created apart and attached, which locks the parent only in SHARE UPDATE EXCLUSIVE mode
-- (reads and inserts go on). Runs as the owner (the migration, case_events_ensure_partitions,
-- `npm run audit:partitions`); the API's role, which may execute it, owns nothing and fails.
CREATE FUNCTION "case_events_attach_month"("p_month" DATE) RETURNS TEXT
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_month DATE := date_trunc('month', p_month)::date;
  v_name TEXT := format('case_events_y%sm%s', to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
BEGIN
  EXECUTE format('CREATE TABLE %I (LIKE case_events)', v_name);
  PERFORM case_events_guard_partition(v_name::regclass);
  EXECUTE format('ALTER TABLE case_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_name,
                 v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
  RETURN v_name;
END;
$$;
REVOKE EXECUTE ON FUNCTION "case_events_attach_month"(DATE) FROM PUBLIC;

-- The old table steps aside; its key and index give up their names.
ALTER TABLE "case_events" RENAME TO "case_events_unpartitioned";
ALTER TABLE "case_events_unpartitioned" RENAME CONSTRAINT "case_events_pkey" TO "case_events_unpartitioned_pkey";
ALTER INDEX "case_events_case_id_created_at_idx" RENAME TO "case_events_unpartitioned_case_id_created_at_idx";

CREATE TABLE "case_events" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" "CaseEventKind" NOT NULL,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "actor_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "body" TEXT,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");

-- The privileges the old table had, exactly (default privileges just gave the API's role UPDATE and DELETE on the
-- new one, which history does not allow; the grants after every migration, roles.ts, would take them back, but a
-- migration applied some other way must not leave them).
DO $$
DECLARE
  v_grantee OID;
  v_acl RECORD;
BEGIN
  FOR v_grantee IN
    SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = 'case_events'::regclass AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON case_events FROM %s',
                   CASE WHEN v_grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(v_grantee)) END);
  END LOOP;
  FOR v_acl IN
    SELECT a.grantee, a.privilege_type, a.is_grantable FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = 'case_events_unpartitioned'::regclass AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT %s ON case_events TO %s%s', v_acl.privilege_type,
                   CASE WHEN v_acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(v_acl.grantee)) END,
                   CASE WHEN v_acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
END;
$$;

-- On the parent: PostgreSQL makes the index on every partition, present and future.
CREATE INDEX "case_events_case_id_created_at_idx" ON "case_events"("case_id", "created_at");

CREATE TABLE "case_events_default" (LIKE "case_events");
SELECT case_events_guard_partition('case_events_default');
ALTER TABLE "case_events" ATTACH PARTITION "case_events_default" DEFAULT;

-- A partition for every month from the oldest row's to three months ahead, and for any month holding a row
-- beyond that (a clock set ahead), so every existing row lands in a month of its own and the default starts empty.
DO $$
DECLARE
  v_month DATE;
BEGIN
  FOR v_month IN
    SELECT generate_series(
             coalesce(least((SELECT date_trunc('month', min("created_at") AT TIME ZONE 'UTC')
                               FROM "case_events_unpartitioned"),
                            date_trunc('month', now() AT TIME ZONE 'UTC')),
                      date_trunc('month', now() AT TIME ZONE 'UTC')),
             date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
             interval '1 month')::date
    UNION
    SELECT DISTINCT date_trunc('month', "created_at" AT TIME ZONE 'UTC')::date FROM "case_events_unpartitioned"
    ORDER BY 1
  LOOP
    PERFORM case_events_attach_month(v_month);
  END LOOP;
END;
$$;

-- The rows move before the trigger and the foreign keys exist: the statistics facts they feed are already on the
-- cases (a second pass could reorder equal times), and each key is checked once, below, for all rows together.
INSERT INTO "case_events" ("id", "case_id", "kind", "public", "actor_id", "data", "created_at", "body")
SELECT "id", "case_id", "kind", "public", "actor_id", "data", "created_at", "body" FROM "case_events_unpartitioned";

DROP TABLE "case_events_unpartitioned";

ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- As in migration 20261129041653_stats_case_facts; cloned onto every partition, including those attached later.
CREATE TRIGGER case_events_keep_case_facts
  AFTER INSERT ON "case_events"
  FOR EACH ROW
  WHEN (NEW."kind" IN ('contact', 'public_message', 'status_change', 'category_change'))
  EXECUTE FUNCTION case_events_keep_case_facts();

-- The months ahead, for the API's role through the audit.ensure-partitions job: creates what is missing from this
-- month to `p_months_ahead` months ahead (at most 24) and moves nothing. A month whose rows already sit in the
-- default partition is not created (PostgreSQL would refuse) but reported as `blocked`. One row per month, then one
-- for the default partition with the rows it holds (0 is the healthy state). The same report as
-- audit_log_ensure_partitions.
CREATE FUNCTION "case_events_ensure_partitions"("p_months_ahead" INTEGER)
  RETURNS TABLE ("month_start" DATE, "partition_name" TEXT, "status" TEXT, "default_rows" BIGINT)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
  v_first DATE := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  v_month DATE;
  v_name TEXT;
  v_rows BIGINT;
BEGIN
  IF p_months_ahead IS NULL OR p_months_ahead < 0 OR p_months_ahead > 24 THEN
    RAISE EXCEPTION 'case_events_ensure_partitions: months ahead must be between 0 and 24'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- One maintainer at a time (two would race to create the same month).
  PERFORM pg_advisory_xact_lock(hashtext('case_events_ensure_partitions'));
  FOR i IN 0..p_months_ahead LOOP
    v_month := (v_first + make_interval(months => i))::date;
    v_name := format('case_events_y%sm%s', to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
    month_start := v_month;
    partition_name := v_name;
    default_rows := 0;
    IF EXISTS (SELECT 1 FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
                WHERE h.inhparent = 'case_events'::regclass AND c.relname = v_name) THEN
      status := 'present';
    ELSE
      SELECT count(*) INTO v_rows FROM case_events_default d
       WHERE d."created_at" >= v_month::timestamp AT TIME ZONE 'UTC'
         AND d."created_at" < (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
      IF v_rows > 0 THEN
        status := 'blocked';
        default_rows := v_rows;
      ELSE
        PERFORM case_events_attach_month(v_month);
        status := 'created';
      END IF;
    END IF;
    RETURN NEXT;
  END LOOP;
  month_start := NULL;
  partition_name := 'case_events_default';
  status := 'default';
  SELECT count(*) INTO default_rows FROM case_events_default;
  RETURN NEXT;
END;
$$;
-- Only the owner and the API's role (packages/db roles.ts grants EXECUTE on the schema's functions to it).
REVOKE EXECUTE ON FUNCTION "case_events_ensure_partitions"(INTEGER) FROM PUBLIC;
