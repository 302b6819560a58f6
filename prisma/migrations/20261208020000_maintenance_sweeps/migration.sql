-- Full-table maintenance runs that found nothing left to do under a scope (keys.reencrypt: the active data key and
-- the encrypted columns; search.reindex: the index key and token scheme). The run queued at every start is skipped
-- while its scope is recorded: each run reads several tables whole (seconds at a million cases, every replica's
-- start). The daily run always reads everything and records its scope again.

-- CreateTable
CREATE TABLE "maintenance_sweeps" (
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "maintenance_sweeps_pkey" PRIMARY KEY ("name")
);
