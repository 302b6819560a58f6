-- AlterTable
ALTER TABLE "mail_outbox" ADD COLUMN     "referral_link_id" UUID,
ALTER COLUMN "notification_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "referral_windows" ADD COLUMN     "referral_email" TEXT;

-- CreateIndex
CREATE INDEX "mail_outbox_referral_link_id_idx" ON "mail_outbox"("referral_link_id");

-- AddForeignKey
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_referral_link_id_fkey" FOREIGN KEY ("referral_link_id") REFERENCES "referral_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A mail belongs to a staff notification or to a partner link (a referral notice to the window), never both or
-- neither. A trigger rather than a CHECK constraint: the WebAssembly schema engine cannot read CHECK constraints
-- back (see 20261129041653_stats_case_facts) and would fail every later migration.
CREATE FUNCTION mail_outbox_one_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF num_nonnulls(NEW."notification_id", NEW."referral_link_id") <> 1 THEN
    RAISE EXCEPTION 'mail_outbox_one_owner: a mail belongs to exactly one notification or partner link'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER mail_outbox_one_owner
  BEFORE INSERT OR UPDATE OF "notification_id", "referral_link_id" ON "mail_outbox"
  FOR EACH ROW EXECUTE FUNCTION mail_outbox_one_owner();
