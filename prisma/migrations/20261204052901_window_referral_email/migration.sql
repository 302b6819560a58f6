-- AlterTable
ALTER TABLE "mail_outbox" ADD COLUMN     "referral_link_id" UUID,
ALTER COLUMN "notification_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "referral_windows" ADD COLUMN     "referral_email" TEXT;

-- CreateIndex
CREATE INDEX "mail_outbox_referral_link_id_idx" ON "mail_outbox"("referral_link_id");

-- AddForeignKey
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_referral_link_id_fkey" FOREIGN KEY ("referral_link_id") REFERENCES "referral_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A mail belongs to a staff notification or to a partner link (a referral notice to the window), never both or neither.
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_one_owner" CHECK (num_nonnulls("notification_id", "referral_link_id") = 1);
