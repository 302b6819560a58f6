-- Field encryption of the rest of the free text written about a case (issue 17 item 1): the case's summary and
-- legal hold reason, referrals' reasons and outcome notes, referral status notes, the windows' notes through their
-- partner links, case-link notes, review comments, refusal reasons of the person's requests, and evidence files'
-- names and deletion reasons. The API writes them encrypted (FieldCrypto, `enc:v1:…`, bound to table.column and the
-- row's id; apps/api/src/common/crypto/free-texts.ts); the values already there stay readable in clear until the
-- keys.reencrypt job encrypts them (encrypted-columns.ts). The columns already are text: only these changes remain.

-- case_links is keyed by the pair of cases: an encrypted note is bound to a row id, so each link gets its own. The
-- API makes the ids of new links; existing rows, and rows other writers add (the benchmark's generator), get one here.
ALTER TABLE "case_links" ADD COLUMN "id" UUID NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX "case_links_id_key" ON "case_links"("id");

-- The keys.reencrypt job encrypts a clear note and moves a note to the active data key. referral_status_changes is
-- history the API's role may not UPDATE (packages/db roles.ts): this is the one further change it allows, and only
-- this one: a note replaced by a ciphertext, if it is still the value the job read. True when the row was changed.
CREATE FUNCTION "reencrypt_referral_status_note"("p_id" UUID, "p_from" TEXT, "p_to" TEXT) RETURNS BOOLEAN
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  changed INTEGER;
BEGIN
  IF p_to IS NULL OR p_to NOT LIKE 'enc:%' THEN
    RAISE EXCEPTION 'reencrypt_referral_status_note only stores ciphertexts' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE referral_status_changes SET note = p_to WHERE id = p_id AND note = p_from;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed = 1;
END;
$$;

-- Only the owner and the API's role may call it (packages/db roles.ts grants EXECUTE to that role).
REVOKE EXECUTE ON FUNCTION "reencrypt_referral_status_note"(UUID, TEXT, TEXT) FROM PUBLIC;
