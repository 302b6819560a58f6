-- CreateEnum
CREATE TYPE "EvidenceSource" AS ENUM ('person', 'staff');

-- CreateEnum
CREATE TYPE "EvidenceScanState" AS ENUM ('pending', 'clean', 'infected', 'failed');

-- CreateTable
CREATE TABLE "evidence_files" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "storage_key" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "source" "EvidenceSource" NOT NULL,
    "uploaded_by_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scan_state" "EvidenceScanState" NOT NULL DEFAULT 'pending',
    "scan_detail" TEXT,
    "scanned_at" TIMESTAMPTZ(3),
    "scan_attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "evidence_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_files_case_id_received_at_idx" ON "evidence_files"("case_id", "received_at");

-- CreateIndex
CREATE INDEX "evidence_files_scan_state_idx" ON "evidence_files"("scan_state");

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
