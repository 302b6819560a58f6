-- Field encryption at rest (issue 17 item 1): data keys, each wrapped by a key-encryption key (KEK) that
-- never enters the database. Ciphertexts name their data key (`enc:v1:<data key id>:…`), so a KEK rotation
-- only re-wraps these rows and the rows move to a new data key online (the keys.reencrypt job).
-- CreateTable
CREATE TABLE "data_keys" (
    "id" UUID NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'field',
    "wrapped_key" BYTEA NOT NULL,
    "kek_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "data_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "data_keys_purpose_created_at_idx" ON "data_keys"("purpose", "created_at");
