-- An admin may delete an evidence file with a reason: the row stays as a tombstone (name and hash kept), its
-- blobs and derived copies are removed.
ALTER TABLE "evidence_files" ADD COLUMN "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN "deleted_by_id" UUID,
ADD COLUMN "delete_reason" TEXT;
