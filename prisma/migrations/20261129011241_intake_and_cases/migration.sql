-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('new', 'triaged', 'in_progress', 'referred', 'awaiting_client', 'closed');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('emergency', 'high', 'normal', 'low');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('web', 'phone', 'chat', 'email', 'walk_in');

-- CreateEnum
CREATE TYPE "CaseEventKind" AS ENUM ('triage', 'status_change', 'note', 'contact', 'public_message', 'referral', 'assignment', 'priority_change', 'category_change');

-- CreateEnum
CREATE TYPE "IdentifierKind" AS ENUM ('phone', 'url', 'domain', 'email', 'bank_account', 'name');

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL,
    "receipt_number" TEXT NOT NULL,
    "access_code_hash" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'new',
    "urgency" "Urgency" NOT NULL,
    "priority" "Urgency" NOT NULL,
    "channel" "Channel" NOT NULL,
    "picked_category" TEXT,
    "suggested_categories" TEXT[],
    "confirmed_categories" TEXT[],
    "person_age" SMALLINT,
    "prefecture" CHAR(2),
    "consent_to_share" BOOLEAN NOT NULL DEFAULT false,
    "assignee_id" UUID,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "follow_up_at" TIMESTAMPTZ(3),
    "summary" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status_failures" SMALLINT NOT NULL DEFAULT 0,
    "status_locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intakes" (
    "case_id" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "person" JSONB NOT NULL DEFAULT '{}',
    "identifiers" JSONB NOT NULL DEFAULT '{}',
    "contact" JSONB,
    "raw" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "intakes_pkey" PRIMARY KEY ("case_id")
);

-- CreateTable
CREATE TABLE "triage_results" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "rule_set_version" TEXT NOT NULL,
    "urgency" "Urgency" NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "triage_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_events" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" "CaseEventKind" NOT NULL,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "actor_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identifiers" (
    "id" UUID NOT NULL,
    "kind" "IdentifierKind" NOT NULL,
    "value" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identifiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_identifiers" (
    "case_id" UUID NOT NULL,
    "identifier_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_identifiers_pkey" PRIMARY KEY ("case_id","identifier_id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "key_hash" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "reply" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("key_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "cases_receipt_number_key" ON "cases"("receipt_number");

-- CreateIndex
CREATE INDEX "cases_status_priority_created_at_idx" ON "cases"("status", "priority", "created_at");

-- CreateIndex
CREATE INDEX "cases_assignee_id_idx" ON "cases"("assignee_id");

-- CreateIndex
CREATE INDEX "cases_created_at_idx" ON "cases"("created_at");

-- CreateIndex
CREATE INDEX "triage_results_case_id_created_at_idx" ON "triage_results"("case_id", "created_at");

-- CreateIndex
CREATE INDEX "case_events_case_id_created_at_idx" ON "case_events"("case_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "identifiers_kind_value_key" ON "identifiers"("kind", "value");

-- CreateIndex
CREATE INDEX "case_identifiers_identifier_id_idx" ON "case_identifiers"("identifier_id");

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "intakes" ADD CONSTRAINT "intakes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_results" ADD CONSTRAINT "triage_results_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_identifiers" ADD CONSTRAINT "case_identifiers_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_identifiers" ADD CONSTRAINT "case_identifiers_identifier_id_fkey" FOREIGN KEY ("identifier_id") REFERENCES "identifiers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
