-- Every case's response due time, answered or not, stamped with the desk settings it was computed under, so the
-- statistics count met, missed and pending targets in SQL instead of working out every case's due time from the
-- desk's hours in the API. Computed by the API with response_due_at (business hours and holidays are the shared
-- response-target code's). The database clears it when the priority or the arrival changes; new desk settings
-- make every stamp stale at once without touching a row (the statistics then work such cases out themselves, and
-- the response.scan job computes them again).
ALTER TABLE "cases" ADD COLUMN "response_target_at" TIMESTAMPTZ(3),
ADD COLUMN "response_target_of" TIMESTAMPTZ(3);

-- One trigger for both due times (one call per row update, not two).
CREATE OR REPLACE FUNCTION cases_clear_response_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."priority" IS DISTINCT FROM OLD."priority"
     OR NEW."created_at" IS DISTINCT FROM OLD."created_at" THEN
    NEW."response_target_at" := NULL;
    NEW."response_target_of" := NULL;
  END IF;
  IF NEW."priority" IS DISTINCT FROM OLD."priority"
     OR NEW."created_at" IS DISTINCT FROM OLD."created_at"
     OR NEW."first_response_at" IS DISTINCT FROM OLD."first_response_at"
     OR (OLD."status" = 'closed' AND NEW."status" <> 'closed') THEN
    NEW."response_due_at" := NULL;
  END IF;
  RETURN NEW;
END;
$$;

-- The cases still to compute (new ones, changed ones, and every case once after this migration).
CREATE INDEX "cases_response_target_unset_idx" ON "cases"("created_at") WHERE (response_target_of IS NULL);

-- The statistics read the due times with the rest of the month's cohort, from the covering index.
DROP INDEX "cases_created_at_idx";

CREATE INDEX "cases_created_at_idx" ON "cases"("created_at") INCLUDE (
  "priority", "urgency", "channel", "status", "person_age", "prefecture", "closed_at", "first_response_at",
  "categories_judged_at", "triage_overridden", "suggested_categories", "confirmed_categories", "triage_rule_ids",
  "response_target_at", "response_target_of"
);
