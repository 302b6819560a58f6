-- audit_log partitioned by month (issue 19 item 5). At ~8 rows per case the log reaches tens of millions of rows;
-- monthly partitions keep its indexes small where rows are appended, let a query by time range read only its
-- months, and let whole months past the retention period leave the database (`npm run audit:archive`: DETACH,
-- COPY to a file, DROP) instead of rows being deleted, which the append-only trigger refuses anyway.
--
-- - PARTITION BY RANGE (at), months in UTC: `audit_log_yYYYYmMM` holds [YYYY-MM-01 00:00 UTC, next month).
-- - The primary key becomes (id, at): a partitioned table's unique keys must contain the partition key. `id` stays
--   a bigint from the same sequence (the new table takes over audit_log_id_seq, so ids continue). It is already
--   time-ordered, so rows are appended at the right edge of every index and no UUIDv7 is needed here.
-- - A DEFAULT partition takes rows of a month without a partition of its own, so an insert never fails. It should
--   stay empty: the audit.ensure-partitions job creates the months ahead (audit_log_ensure_partitions below), and
--   reports rows in the default, which block creating their month's partition (PostgreSQL refuses a partition
--   whose range holds rows of the default; they are moved by `npm run audit:partitions -- --drain-default`).
-- - Append-only, everywhere: the row trigger (UPDATE, DELETE) on the parent is cloned by PostgreSQL onto every
--   partition, present and future. Statement triggers are not cloned, so each partition gets its own TRUNCATE
--   trigger (audit_log_guard_partition). The API's role holds no privilege on a partition itself (roles.ts): it reads
--   and writes through the parent only, and cannot create, attach or detach partitions (it owns none of them).

-- What every partition gets, the DEFAULT one included: its own TRUNCATE trigger (statement triggers are not
-- cloned from the parent), and no privilege for anyone but its owner (default privileges hand every new table to
-- the API's role; a partition is reached through the parent only, whose privileges PostgreSQL checks).
CREATE FUNCTION "audit_log_guard_partition"("p_table" REGCLASS) RETURNS VOID
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_grantee OID;
BEGIN
  EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %s '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()', p_table);
  FOR v_grantee IN
    SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = p_table AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %s', p_table,
                   CASE WHEN v_grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(v_grantee)) END);
  END LOOP;
END;
$$;
REVOKE EXECUTE ON FUNCTION "audit_log_guard_partition"(REGCLASS) FROM PUBLIC;

-- A month's partition: created apart and attached, which locks the parent only in SHARE UPDATE EXCLUSIVE mode
-- (reads and inserts go on; CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE). Runs as the owner (the
-- migration, audit_log_ensure_partitions, `npm run audit:partitions`); the API's role, which may execute it, owns
-- nothing and fails.
CREATE FUNCTION "audit_log_attach_month"("p_month" DATE) RETURNS TEXT
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_month DATE := date_trunc('month', p_month)::date;
  v_name TEXT := format('audit_log_y%sm%s', to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
BEGIN
  EXECUTE format('CREATE TABLE %I (LIKE audit_log)', v_name);
  PERFORM audit_log_guard_partition(v_name::regclass);
  EXECUTE format('ALTER TABLE audit_log ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_name,
                 v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
  RETURN v_name;
END;
$$;
REVOKE EXECUTE ON FUNCTION "audit_log_attach_month"(DATE) FROM PUBLIC;

-- The old table steps aside; its indexes and key give up their names.
ALTER TABLE "audit_log" RENAME TO "audit_log_unpartitioned";
ALTER TABLE "audit_log_unpartitioned" RENAME CONSTRAINT "audit_log_pkey" TO "audit_log_unpartitioned_pkey";
ALTER INDEX "audit_log_at_idx" RENAME TO "audit_log_unpartitioned_at_idx";
ALTER INDEX "audit_log_actor_id_at_idx" RENAME TO "audit_log_unpartitioned_actor_id_at_idx";
ALTER INDEX "audit_log_entity_entity_id_idx" RENAME TO "audit_log_unpartitioned_entity_entity_id_idx";
ALTER INDEX "audit_log_case_id_at_idx" RENAME TO "audit_log_unpartitioned_case_id_at_idx";
ALTER INDEX "audit_log_action_at_idx" RENAME TO "audit_log_unpartitioned_action_at_idx";

CREATE TABLE "audit_log" (
    "id" BIGINT NOT NULL DEFAULT nextval('audit_log_id_seq'),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_role" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT,
    "case_id" UUID,
    "ip" TEXT,
    "request_id" TEXT,
    "meta" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id", "at")
) PARTITION BY RANGE ("at");

-- The sequence now belongs to the new table (else dropping the old one would drop it).
ALTER SEQUENCE "audit_log_id_seq" OWNED BY "audit_log"."id";

-- On the parent: PostgreSQL makes each index on every partition, present and future.
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");
CREATE INDEX "audit_log_case_id_at_idx" ON "audit_log"("case_id", "at");
CREATE INDEX "audit_log_action_at_idx" ON "audit_log"("action", "at");

-- Cloned onto every partition, including those attached later.
CREATE TRIGGER "audit_log_no_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
-- Fires for TRUNCATE of the parent; a partition truncated on its own fires its own (audit_log_guard_partition).
CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

CREATE TABLE "audit_log_default" (LIKE "audit_log");
SELECT audit_log_guard_partition('audit_log_default');
ALTER TABLE "audit_log" ATTACH PARTITION "audit_log_default" DEFAULT;

-- A partition for every month from the oldest row's to three months ahead, and for any month holding a row
-- beyond that (a clock set ahead), so every existing row lands in a month of its own and the default starts empty.
DO $$
DECLARE
  v_month DATE;
BEGIN
  FOR v_month IN
    SELECT generate_series(
             coalesce(least((SELECT date_trunc('month', min("at") AT TIME ZONE 'UTC') FROM "audit_log_unpartitioned"),
                            date_trunc('month', now() AT TIME ZONE 'UTC')),
                      date_trunc('month', now() AT TIME ZONE 'UTC')),
             date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
             interval '1 month')::date
    UNION
    SELECT DISTINCT date_trunc('month', "at" AT TIME ZONE 'UTC')::date FROM "audit_log_unpartitioned"
    ORDER BY 1
  LOOP
    PERFORM audit_log_attach_month(v_month);
  END LOOP;
END;
$$;

INSERT INTO "audit_log" ("id", "at", "actor_id", "actor_role", "action", "entity", "entity_id", "case_id", "ip",
                         "request_id", "meta")
SELECT "id", "at", "actor_id", "actor_role", "action", "entity", "entity_id", "case_id", "ip", "request_id", "meta"
  FROM "audit_log_unpartitioned";

-- Dropping fires no trigger: the rows live on in the new table.
DROP TABLE "audit_log_unpartitioned";

-- The months ahead, for the API's role through the audit.ensure-partitions job: creates what is missing from
-- this month to `p_months_ahead` months ahead (at most 24) and moves nothing. A month whose rows already sit in
-- the default partition is not created (PostgreSQL would refuse) but reported as `blocked`. One row per month,
-- then one for the default partition with the rows it holds (0 is the healthy state).
CREATE FUNCTION "audit_log_ensure_partitions"("p_months_ahead" INTEGER)
  RETURNS TABLE ("month_start" DATE, "partition_name" TEXT, "status" TEXT, "default_rows" BIGINT)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
  v_first DATE := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  v_month DATE;
  v_name TEXT;
  v_rows BIGINT;
BEGIN
  IF p_months_ahead IS NULL OR p_months_ahead < 0 OR p_months_ahead > 24 THEN
    RAISE EXCEPTION 'audit_log_ensure_partitions: months ahead must be between 0 and 24'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- One maintainer at a time (two would race to create the same month).
  PERFORM pg_advisory_xact_lock(hashtext('audit_log_ensure_partitions'));
  FOR i IN 0..p_months_ahead LOOP
    v_month := (v_first + make_interval(months => i))::date;
    v_name := format('audit_log_y%sm%s', to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
    month_start := v_month;
    partition_name := v_name;
    default_rows := 0;
    IF EXISTS (SELECT 1 FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
                WHERE h.inhparent = 'audit_log'::regclass AND c.relname = v_name) THEN
      status := 'present';
    ELSE
      SELECT count(*) INTO v_rows FROM audit_log_default d
       WHERE d."at" >= v_month::timestamp AT TIME ZONE 'UTC'
         AND d."at" < (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
      IF v_rows > 0 THEN
        status := 'blocked';
        default_rows := v_rows;
      ELSE
        PERFORM audit_log_attach_month(v_month);
        status := 'created';
      END IF;
    END IF;
    RETURN NEXT;
  END LOOP;
  month_start := NULL;
  partition_name := 'audit_log_default';
  status := 'default';
  SELECT count(*) INTO default_rows FROM audit_log_default;
  RETURN NEXT;
END;
$$;
-- Only the owner and the API's role (packages/db roles.ts grants EXECUTE on the schema's functions to it).
REVOKE EXECUTE ON FUNCTION "audit_log_ensure_partitions"(INTEGER) FROM PUBLIC;
