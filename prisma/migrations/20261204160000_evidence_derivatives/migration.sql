-- CreateEnum
CREATE TYPE "EvidencePreviewState" AS ENUM ('pending', 'ready', 'none', 'failed');

-- CreateEnum
CREATE TYPE "EvidenceDerivativeKind" AS ENUM ('view', 'thumb');

-- AlterTable
ALTER TABLE "evidence_files" ADD COLUMN     "preview_detail" TEXT,
ADD COLUMN     "preview_state" "EvidencePreviewState" NOT NULL DEFAULT 'pending';

-- Files already received: only PNG, JPEG and WebP get preview copies (made by the sweep's jobs).
UPDATE "evidence_files" SET "preview_state" = 'none', "preview_detail" = 'no_decoder' WHERE "kind" = 'heic';
UPDATE "evidence_files" SET "preview_state" = 'none', "preview_detail" = 'not_an_image'
WHERE "kind" NOT IN ('png', 'jpeg', 'webp', 'heic');

-- CreateTable
CREATE TABLE "evidence_derivatives" (
    "file_id" UUID NOT NULL,
    "kind" "EvidenceDerivativeKind" NOT NULL,
    "storage_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_derivatives_pkey" PRIMARY KEY ("file_id","kind")
);

-- AddForeignKey
ALTER TABLE "evidence_derivatives" ADD CONSTRAINT "evidence_derivatives_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "evidence_files"("id") ON DELETE CASCADE ON UPDATE CASCADE;
