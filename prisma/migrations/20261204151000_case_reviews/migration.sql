-- CreateEnum
CREATE TYPE "CaseReviewVerdict" AS ENUM ('agree', 'concern');

-- CreateTable
CREATE TABLE "case_reviews" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "verdict" "CaseReviewVerdict" NOT NULL,
    "comment" TEXT,
    "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "case_reviews_case_id_key" ON "case_reviews"("case_id");

-- CreateIndex
CREATE INDEX "case_reviews_reviewer_id_created_at_idx" ON "case_reviews"("reviewer_id", "created_at");

-- AddForeignKey
ALTER TABLE "case_reviews" ADD CONSTRAINT "case_reviews_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_reviews" ADD CONSTRAINT "case_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
