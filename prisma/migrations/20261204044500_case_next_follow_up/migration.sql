-- The queue's follow-up date: the earliest of the case's own follow_up_at and the follow_up_due_at of its
-- open referrals (sent or acknowledged), kept by the database so the queue's column, the "follow-up overdue"
-- view and count, and the followups.scan job read one indexed column. The API never writes it.
ALTER TABLE "cases" ADD COLUMN "next_follow_up_at" TIMESTAMPTZ(3);

CREATE FUNCTION case_referral_follow_up(case_id uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT min(r."follow_up_due_at") FROM "referrals" r
  WHERE r."case_id" = $1 AND r."status" IN ('sent', 'acknowledged')
$$;

CREATE FUNCTION cases_keep_next_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."next_follow_up_at" := LEAST(NEW."follow_up_at", case_referral_follow_up(NEW."id"));
  RETURN NEW;
END;
$$;

CREATE TRIGGER cases_keep_next_follow_up
  BEFORE INSERT OR UPDATE OF "follow_up_at", "next_follow_up_at" ON "cases"
  FOR EACH ROW EXECUTE FUNCTION cases_keep_next_follow_up();

CREATE FUNCTION referrals_keep_case_next_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    -- Touching next_follow_up_at fires cases_keep_next_follow_up, which recomputes it.
    UPDATE "cases" SET "next_follow_up_at" = NULL WHERE "id" = OLD."case_id";
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."case_id" <> OLD."case_id") THEN
    UPDATE "cases" SET "next_follow_up_at" = NULL WHERE "id" = NEW."case_id";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER referrals_keep_case_next_follow_up
  AFTER INSERT OR DELETE OR UPDATE OF "status", "follow_up_due_at", "case_id" ON "referrals"
  FOR EACH ROW EXECUTE FUNCTION referrals_keep_case_next_follow_up();

-- Existing cases (the trigger computes the value).
UPDATE "cases" SET "next_follow_up_at" = NULL
WHERE "follow_up_at" IS NOT NULL OR "id" IN (SELECT "case_id" FROM "referrals" WHERE "follow_up_due_at" IS NOT NULL);

-- The open cases' follow-up dates: the overdue count, the overdue view and the scan job.
DROP INDEX "cases_open_follow_up_idx";
CREATE INDEX "cases_open_next_follow_up_idx" ON "cases"("next_follow_up_at") WHERE (status <> 'closed'::"CaseStatus" AND next_follow_up_at IS NOT NULL);
