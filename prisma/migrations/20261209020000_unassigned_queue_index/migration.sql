-- "Unassigned" in queue order over the open cases. cases_open_assignee_queue_idx takes `assignee_id IS NULL` as an
-- index condition, but the planner does not know the rows it then reads are in (priority, created_at, id) order
-- (IS NULL is no equality), so it walked cases_open_queue_idx filtering for them instead: at 2,000,000 cases 400
-- unassigned among the first 21,856 open ones, 0.8–1.4 s for a search's probe. New cases are unassigned, so an
-- intake adds one entry to this small index; assignment leaves it.
CREATE INDEX "cases_open_unassigned_queue_idx" ON "cases"("priority", "created_at", "id") WHERE (status <> 'closed'::"CaseStatus" AND assignee_id IS NULL);
