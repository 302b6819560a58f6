-- Message and note templates (issue 18), managed by admins; placeholders are checked by the API.
-- CreateEnum
CREATE TYPE "MessageTemplateKind" AS ENUM ('public_message', 'note');

-- CreateTable
CREATE TABLE "message_templates" (
    "id" UUID NOT NULL,
    "kind" "MessageTemplateKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID,
    "updated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_templates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "message_templates_kind_active_idx" ON "message_templates"("kind", "active");
