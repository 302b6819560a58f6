-- Merging duplicate cases (issue 18): the duplicate points at its survivor and keeps every row of its own, so an
-- unmerge within the undo window restores it exactly (its status and closing time are kept aside while merged).
-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "merged_at" TIMESTAMPTZ(3),
ADD COLUMN     "merged_by_id" UUID,
ADD COLUMN     "merged_into_id" UUID,
ADD COLUMN     "merged_prior_closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "merged_prior_status" "CaseStatus";

-- CreateIndex
CREATE INDEX "cases_merged_into_id_idx" ON "cases"("merged_into_id");

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
