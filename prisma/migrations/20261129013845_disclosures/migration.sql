-- CreateEnum
CREATE TYPE "DisclosureKind" AS ENUM ('referral_letter', 'client_copy');

-- CreateTable
CREATE TABLE "disclosures" (
    "id" UUID NOT NULL,
    "referral_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "window_slug" TEXT NOT NULL,
    "kind" "DisclosureKind" NOT NULL,
    "fields" TEXT[],
    "consent" JSONB NOT NULL,
    "generated_by_id" UUID NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sha256" CHAR(64) NOT NULL,

    CONSTRAINT "disclosures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "disclosures_referral_id_generated_at_idx" ON "disclosures"("referral_id", "generated_at");

-- CreateIndex
CREATE INDEX "disclosures_case_id_generated_at_idx" ON "disclosures"("case_id", "generated_at");

-- A disclosure record is evidence of what left the desk: like audit_log, it is never changed or removed.
CREATE FUNCTION disclosures_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'disclosures is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER disclosures_no_update_delete
  BEFORE UPDATE OR DELETE ON "disclosures"
  FOR EACH ROW EXECUTE FUNCTION disclosures_are_append_only();

CREATE TRIGGER disclosures_no_truncate
  BEFORE TRUNCATE ON "disclosures"
  FOR EACH STATEMENT EXECUTE FUNCTION disclosures_are_append_only();
