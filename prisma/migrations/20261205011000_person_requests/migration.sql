-- Requests from the person (issue 17 item 3): a correction or a deletion (利用停止・削除) asked for on the status
-- page, decided by a counselor by its due date (received → completed | refused). The person's text is stored
-- encrypted (FieldCrypto) and removed with the case's personal data.

-- CreateEnum
CREATE TYPE "PersonRequestKind" AS ENUM ('correction', 'deletion');

-- CreateEnum
CREATE TYPE "PersonRequestStatus" AS ENUM ('received', 'completed', 'refused');

-- CreateTable
CREATE TABLE "person_requests" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" "PersonRequestKind" NOT NULL,
    "status" "PersonRequestStatus" NOT NULL DEFAULT 'received',
    "person_text" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "refusal_reason" TEXT,
    "shredded_fields" INTEGER,
    "shredded_files" INTEGER,

    CONSTRAINT "person_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "person_requests_case_id_received_at_idx" ON "person_requests"("case_id", "received_at");

-- CreateIndex
CREATE INDEX "person_requests_status_due_at_idx" ON "person_requests"("status", "due_at");

-- AddForeignKey
ALTER TABLE "person_requests" ADD CONSTRAINT "person_requests_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_requests" ADD CONSTRAINT "person_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
