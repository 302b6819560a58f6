-- CreateEnum
CREATE TYPE "ReferralLinkAction" AS ENUM ('acknowledge', 'complete', 'decline');

-- CreateTable
CREATE TABLE "referral_links" (
    "id" UUID NOT NULL,
    "referral_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,

    CONSTRAINT "referral_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_link_uses" (
    "id" UUID NOT NULL,
    "link_id" UUID NOT NULL,
    "action" "ReferralLinkAction" NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_link_uses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "referral_links_token_hash_key" ON "referral_links"("token_hash");

-- CreateIndex
CREATE INDEX "referral_links_referral_id_created_at_idx" ON "referral_links"("referral_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "referral_link_uses_link_id_action_key" ON "referral_link_uses"("link_id", "action");

-- AddForeignKey
ALTER TABLE "referral_links" ADD CONSTRAINT "referral_links_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_link_uses" ADD CONSTRAINT "referral_link_uses_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "referral_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;
