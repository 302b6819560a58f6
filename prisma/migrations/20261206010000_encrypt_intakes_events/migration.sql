-- Field encryption of the intake and the case history's free text (issue 17 item 1). The API writes these
-- columns encrypted (FieldCrypto, `enc:v1:…`, bound to table.column and the row's id); the values already there
-- stay readable in clear until the keys.reencrypt job encrypts them (apps/api/src/common/crypto/encrypted-columns.ts).

-- intakes: the contact details, the identifiers as typed and the raw submission become text holding their JSON
-- serialisation (a ciphertext cannot be jsonb). The description already is text. The coded answers and the
-- person's age band and prefecture stay jsonb in clear: statistics and retention keep them.
ALTER TABLE "intakes"
  ALTER COLUMN "contact" TYPE TEXT
    USING CASE WHEN "contact" IS NULL OR "contact" = 'null'::jsonb THEN NULL ELSE "contact"::text END,
  ALTER COLUMN "raw" TYPE TEXT USING "raw"::text,
  ALTER COLUMN "identifiers" DROP DEFAULT,
  ALTER COLUMN "identifiers" TYPE TEXT USING "identifiers"::text,
  ALTER COLUMN "identifiers" SET DEFAULT '{}';

-- case_events: the free text of an event (a note's body, a call's summary, a message, a reply, a reason, a note on a
-- referral) moves out of `data` into `body`: a JSON object of those keys, encrypted; `data` keeps the coded rest
-- (kinds, from/to, rule ids…), which the statistics' triggers read. Empty strings and non-strings stay in `data`.
ALTER TABLE "case_events" ADD COLUMN "body" TEXT;

UPDATE "case_events" e
   SET "body" = (SELECT jsonb_object_agg(d.k, d.v)::text FROM jsonb_each(e."data") AS d(k, v)
                  WHERE d.k = ANY(ARRAY['body', 'summary', 'reason', 'note', 'text', 'comment'])
                    AND jsonb_typeof(d.v) = 'string' AND d.v <> '""'::jsonb),
       "data" = (SELECT coalesce(jsonb_object_agg(d.k, d.v), '{}'::jsonb) FROM jsonb_each(e."data") AS d(k, v)
                  WHERE NOT (d.k = ANY(ARRAY['body', 'summary', 'reason', 'note', 'text', 'comment'])
                             AND jsonb_typeof(d.v) = 'string' AND d.v <> '""'::jsonb))
 WHERE jsonb_typeof(e."data") = 'object'
   AND EXISTS (SELECT 1 FROM jsonb_each(e."data") AS d(k, v)
                WHERE d.k = ANY(ARRAY['body', 'summary', 'reason', 'note', 'text', 'comment'])
                  AND jsonb_typeof(d.v) = 'string' AND d.v <> '""'::jsonb);

-- Shredding a case's history (migration 20261205010000_retention) now also removes `body`; free text still in
-- `data` (a row written by an older version between this migration and its restart) is blanked as before. Counts
-- the free-text values of `data` blanked and the bodies removed (a body's values cannot be counted unopened).
CREATE OR REPLACE FUNCTION "shred_case_event_text"("p_case_id" UUID, "p_keys" TEXT[]) RETURNS INTEGER
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  blanked INTEGER;
  bodies INTEGER;
BEGIN
  SELECT count(*) INTO blanked
    FROM case_events e, jsonb_each(e.data) AS d(k, v)
   WHERE e.case_id = p_case_id AND d.k = ANY(p_keys) AND jsonb_typeof(d.v) = 'string' AND d.v <> '""'::jsonb;
  UPDATE case_events e
     SET data = (SELECT jsonb_object_agg(d.k, CASE WHEN d.k = ANY(p_keys) AND jsonb_typeof(d.v) = 'string'
                                                   THEN '""'::jsonb ELSE d.v END)
                   FROM jsonb_each(e.data) AS d(k, v))
   WHERE e.case_id = p_case_id AND e.data ?| p_keys;
  UPDATE case_events SET body = NULL WHERE case_id = p_case_id AND body IS NOT NULL;
  GET DIAGNOSTICS bodies = ROW_COUNT;
  RETURN blanked + bodies;
END;
$$;

-- The keys.reencrypt job encrypts a clear body and moves a body to the active data key. case_events is history the
-- API's role may not UPDATE (packages/db roles.ts): this is the one further change it allows, and only this one: a
-- body replaced by a ciphertext, if it is still the value the job read. True when the row was changed.
CREATE FUNCTION "reencrypt_case_event_body"("p_id" UUID, "p_from" TEXT, "p_to" TEXT) RETURNS BOOLEAN
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  changed INTEGER;
BEGIN
  IF p_to IS NULL OR p_to NOT LIKE 'enc:%' THEN
    RAISE EXCEPTION 'reencrypt_case_event_body only stores ciphertexts' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE case_events SET body = p_to WHERE id = p_id AND body = p_from;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed = 1;
END;
$$;

REVOKE EXECUTE ON FUNCTION "reencrypt_case_event_body"(UUID, TEXT, TEXT) FROM PUBLIC;
