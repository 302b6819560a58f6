-- CreateTable
CREATE TABLE "desk_settings" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "schedule" JSONB NOT NULL,
    "targets" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "desk_settings_pkey" PRIMARY KEY ("id")
);
