-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "categories_judged_at" TIMESTAMPTZ(3),
ADD COLUMN     "first_response_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_reopened_at" TIMESTAMPTZ(3),
ADD COLUMN     "triage_overridden" BOOLEAN,
ADD COLUMN     "triage_rule_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "referrals" ADD COLUMN     "first_sent_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "cases_closed_at_idx" ON "cases"("closed_at");

-- CreateIndex
CREATE INDEX "referrals_first_sent_at_idx" ON "referrals"("first_sent_at");

-- ---------------------------------------------------------------------------------------------
-- Written by hand (Prisma does not manage CHECK constraints, functions or triggers).
--
-- The statistics of a month read, per case, the first staff response, the latest confirmation
-- of the categories and whether it was reopened, and per referral its first send. Looking those
-- up in the event history case by case took seconds at a million cases (docs/performance.md), so
-- the database keeps them on the row, from the same events, whoever writes them.

-- closed_at is set exactly while a case is closed (a status change sets it, reopening clears it);
-- the backlog statistics rely on it. Repair rows that say otherwise, then enforce it.
UPDATE "cases" c SET "closed_at" = coalesce(
    (SELECT max(e."created_at") FROM "case_events" e
     WHERE e."case_id" = c."id" AND e."kind" = 'status_change' AND e."data"->>'to' = 'closed'),
    c."updated_at")
  WHERE c."status" = 'closed' AND c."closed_at" IS NULL;
UPDATE "cases" SET "closed_at" = NULL WHERE "status" <> 'closed' AND "closed_at" IS NOT NULL;
-- A trigger rather than a CHECK constraint: the WebAssembly schema engine cannot read CHECK
-- constraints back through adapter-pg 7.10 (catalog column of type "char"), and would fail every
-- later migration.
CREATE FUNCTION cases_closed_at_matches_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."status" = 'closed') <> (NEW."closed_at" IS NOT NULL) THEN
    RAISE EXCEPTION 'cases.closed_at must be set exactly while the case is closed (status %, closed_at %)',
      NEW."status", NEW."closed_at"
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER cases_closed_at_matches_status
  BEFORE INSERT OR UPDATE OF "status", "closed_at" ON "cases"
  FOR EACH ROW EXECUTE FUNCTION cases_closed_at_matches_status();

-- Whether a category_change overrode triage: as the event says, else suggested ≠ confirmed as sets.
CREATE FUNCTION case_category_overridden(data jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN jsonb_typeof(data->'overridden') = 'boolean' THEN data->'overridden' = 'true'::jsonb
    ELSE NOT (coalesce(data->'suggested', '[]') @> coalesce(data->'confirmed', '[]')
              AND coalesce(data->'confirmed', '[]') @> coalesce(data->'suggested', '[]'))
  END
$$;

-- The rules a category_change judged: the event's ruleIds, else the matched rules of the case's
-- intake triage; distinct and sorted.
CREATE FUNCTION case_category_rule_ids(case_id uuid, data jsonb) RETURNS text[]
LANGUAGE sql STABLE AS $$
  WITH ids AS (
    SELECT CASE
      WHEN jsonb_typeof(data->'ruleIds') = 'array' AND jsonb_array_length(data->'ruleIds') > 0
        THEN data->'ruleIds'
      ELSE (SELECT t."result"->'matchedRuleIds' FROM "triage_results" t
            WHERE t."case_id" = case_category_rule_ids.case_id
            ORDER BY t."created_at" ASC, t."id" ASC LIMIT 1)
    END AS list
  )
  SELECT coalesce(array_agg(DISTINCT v ORDER BY v), '{}')
  FROM ids, jsonb_array_elements_text(CASE WHEN jsonb_typeof(ids.list) = 'array' THEN ids.list ELSE '[]' END) AS v
$$;

-- On every event that bears on them. The latest category_change wins (at equal times, the one
-- recorded last); the earliest staff response and the latest reopening.
CREATE FUNCTION case_events_keep_case_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  responds boolean := NEW."actor_id" IS NOT NULL AND NEW."kind" IN ('contact', 'public_message', 'status_change');
  reopens boolean := NEW."kind" = 'status_change' AND NEW."data"->>'from' = 'closed';
BEGIN
  IF NEW."kind" = 'category_change' THEN
    UPDATE "cases" SET
      "categories_judged_at" = NEW."created_at",
      "triage_overridden" = case_category_overridden(NEW."data"),
      "triage_rule_ids" = case_category_rule_ids(NEW."case_id", NEW."data")
    WHERE "id" = NEW."case_id"
      AND ("categories_judged_at" IS NULL OR "categories_judged_at" <= NEW."created_at");
  ELSIF responds OR reopens THEN
    UPDATE "cases" SET
      "first_response_at" = CASE
        WHEN responds AND ("first_response_at" IS NULL OR "first_response_at" > NEW."created_at")
          THEN NEW."created_at" ELSE "first_response_at" END,
      "last_reopened_at" = CASE
        WHEN reopens AND ("last_reopened_at" IS NULL OR "last_reopened_at" < NEW."created_at")
          THEN NEW."created_at" ELSE "last_reopened_at" END
    WHERE "id" = NEW."case_id"
      AND ((responds AND ("first_response_at" IS NULL OR "first_response_at" > NEW."created_at"))
        OR (reopens AND ("last_reopened_at" IS NULL OR "last_reopened_at" < NEW."created_at")));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER case_events_keep_case_facts
  AFTER INSERT ON "case_events"
  FOR EACH ROW
  WHEN (NEW."kind" IN ('contact', 'public_message', 'status_change', 'category_change'))
  EXECUTE FUNCTION case_events_keep_case_facts();

-- first_sent_at: the earliest send in the history, or sent_at for a referral sent without one.
CREATE FUNCTION referrals_keep_first_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sent_at" IS NOT NULL AND NEW."first_sent_at" IS NULL THEN
    NEW."first_sent_at" := NEW."sent_at";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER referrals_keep_first_sent
  BEFORE INSERT OR UPDATE OF "sent_at" ON "referrals"
  FOR EACH ROW EXECUTE FUNCTION referrals_keep_first_sent();

CREATE FUNCTION referral_status_changes_keep_first_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "referrals" SET "first_sent_at" = NEW."at"
  WHERE "id" = NEW."referral_id" AND ("first_sent_at" IS NULL OR "first_sent_at" > NEW."at");
  RETURN NULL;
END;
$$;

CREATE TRIGGER referral_status_changes_keep_first_sent
  AFTER INSERT ON "referral_status_changes"
  FOR EACH ROW
  WHEN (NEW."to" = 'sent')
  EXECUTE FUNCTION referral_status_changes_keep_first_sent();

-- The facts of the rows already there.
UPDATE "cases" c SET "first_response_at" = f."at"
FROM (SELECT "case_id", min("created_at") AS "at" FROM "case_events"
      WHERE "actor_id" IS NOT NULL AND "kind" IN ('contact', 'public_message', 'status_change')
      GROUP BY "case_id") f
WHERE c."id" = f."case_id";

UPDATE "cases" c SET "last_reopened_at" = f."at"
FROM (SELECT "case_id", max("created_at") AS "at" FROM "case_events"
      WHERE "kind" = 'status_change' AND "data"->>'from' = 'closed'
      GROUP BY "case_id") f
WHERE c."id" = f."case_id";

UPDATE "cases" c SET
  "categories_judged_at" = l."created_at",
  "triage_overridden" = case_category_overridden(l."data"),
  "triage_rule_ids" = case_category_rule_ids(l."case_id", l."data")
FROM (SELECT DISTINCT ON ("case_id") "case_id", "created_at", "data" FROM "case_events"
      WHERE "kind" = 'category_change'
      ORDER BY "case_id", "created_at" DESC, "id" DESC) l
WHERE c."id" = l."case_id";

UPDATE "referrals" r SET "first_sent_at" = coalesce(
    (SELECT min(h."at") FROM "referral_status_changes" h WHERE h."referral_id" = r."id" AND h."to" = 'sent'),
    r."sent_at")
WHERE r."sent_at" IS NOT NULL
   OR EXISTS (SELECT 1 FROM "referral_status_changes" h WHERE h."referral_id" = r."id" AND h."to" = 'sent');
