-- CreateTable
CREATE TABLE "privacy_register" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "file_name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "privacy_register_pkey" PRIMARY KEY ("id")
);
