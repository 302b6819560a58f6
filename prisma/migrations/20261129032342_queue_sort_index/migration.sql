-- CreateIndex
CREATE INDEX "cases_priority_created_at_id_idx" ON "cases"("priority", "created_at", "id");
