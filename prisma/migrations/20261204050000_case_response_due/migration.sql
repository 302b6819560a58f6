-- When an open case's first response is due under the desk's settings, for the queue's sort=due. Computed by
-- the API (business hours, Japanese holidays and the year-end break are the shared response-target code's), so it
-- is stored, not derived in SQL. The database clears it whenever an input changes (priority, arrival, the first
-- response, a reopening, the desk's settings); the API then fills the cleared ones again (on a sort=due read and
-- in the response.scan job). NULL: answered, or not computed yet.
ALTER TABLE "cases" ADD COLUMN "response_due_at" TIMESTAMPTZ(3);

CREATE FUNCTION cases_clear_response_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."priority" IS DISTINCT FROM OLD."priority"
     OR NEW."created_at" IS DISTINCT FROM OLD."created_at"
     OR NEW."first_response_at" IS DISTINCT FROM OLD."first_response_at"
     OR (OLD."status" = 'closed' AND NEW."status" <> 'closed') THEN
    NEW."response_due_at" := NULL;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER cases_clear_response_due
  BEFORE UPDATE OF "priority", "created_at", "first_response_at", "status" ON "cases"
  FOR EACH ROW EXECUTE FUNCTION cases_clear_response_due();

CREATE FUNCTION desk_settings_clear_response_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "cases" SET "response_due_at" = NULL
  WHERE "status" <> 'closed'::"CaseStatus" AND "response_due_at" IS NOT NULL;
  RETURN NULL;
END;
$$;

CREATE TRIGGER desk_settings_clear_response_due
  AFTER INSERT OR UPDATE OR DELETE ON "desk_settings"
  FOR EACH STATEMENT EXECUTE FUNCTION desk_settings_clear_response_due();

-- The queue sorted by due time (open cases; unanswered ones first, soonest due first).
CREATE INDEX "cases_open_response_due_idx" ON "cases"("response_due_at", "id") WHERE (status <> 'closed'::"CaseStatus");
-- The open, unanswered cases still to compute.
CREATE INDEX "cases_open_response_due_unset_idx" ON "cases"("created_at") WHERE (status <> 'closed'::"CaseStatus" AND first_response_at IS NULL AND response_due_at IS NULL);
