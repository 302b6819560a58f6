-- AlterTable
ALTER TABLE "cases" DROP COLUMN "status_failures",
DROP COLUMN "status_locked_until";

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "previous_refresh_hash" TEXT,
ADD COLUMN     "rotated_at" TIMESTAMPTZ(3),
ADD COLUMN     "rotation_key" TEXT;

-- AlterTable
ALTER TABLE "users" DROP COLUMN "failed_logins",
DROP COLUMN "locked_until",
ADD COLUMN     "enrol_code_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "enrol_code_hash" TEXT,
ADD COLUMN     "password_temporary_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "retired_refresh_tokens" (
    "token_hash" TEXT NOT NULL,
    "session_id" UUID NOT NULL,
    "retired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "retired_refresh_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "auth_backoff" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "blocked_until" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auth_backoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_policy" (
    "role" "Role" NOT NULL,
    "totp_required" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "security_policy_pkey" PRIMARY KEY ("role")
);

-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "retired_refresh_tokens_session_id_idx" ON "retired_refresh_tokens"("session_id");

-- CreateIndex
CREATE INDEX "auth_backoff_last_failure_at_idx" ON "auth_backoff"("last_failure_at");

-- CreateIndex
CREATE UNIQUE INDEX "auth_backoff_scope_subject_ip_key" ON "auth_backoff"("scope", "subject", "ip");

-- CreateIndex
CREATE INDEX "rate_limit_counters_window_end_idx" ON "rate_limit_counters"("window_end");

-- AddForeignKey
ALTER TABLE "retired_refresh_tokens" ADD CONSTRAINT "retired_refresh_tokens_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every role starts with a required second factor; an admin may relax counselors and supervisors.
INSERT INTO "security_policy" ("role", "totp_required") VALUES ('counselor', true), ('supervisor', true), ('admin', true);
