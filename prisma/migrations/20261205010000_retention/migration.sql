-- Retention classes, legal hold and shredding (issue 17 item 2). A case's free text and contact details are
-- shredded a configurable number of days after closure (RETENTION_STANDARD_DAYS / RETENTION_SHORT_DAYS); a case on
-- legal hold never is. The coded fields the statistics read stay as they are.
CREATE TYPE "RetentionClass" AS ENUM ('standard', 'short', 'legal_hold');

ALTER TABLE "cases"
  ADD COLUMN "retention_class" "RetentionClass" NOT NULL DEFAULT 'standard',
  ADD COLUMN "legal_hold_reason" TEXT,
  ADD COLUMN "legal_hold_at" TIMESTAMPTZ(3),
  ADD COLUMN "legal_hold_by_id" UUID,
  ADD COLUMN "shredded_at" TIMESTAMPTZ(3);

-- The retention.shred job finds due cases by closed_at through cases_closed_at_created_at_idx (closed_at leads).

-- case_events and referral_status_changes are history: the API's role may not UPDATE them (packages/db roles.ts,
-- APPEND_ONLY_TABLES). Shredding is the one change they allow, and only this one: the free-text values of a
-- case's rows are blanked, every coded key, kind and time stays. These functions run as their owner (the
-- migrating role) so the API's role can shred without ever being able to rewrite history otherwise. Each returns
-- how many non-empty values it blanked.
CREATE FUNCTION "shred_case_event_text"("p_case_id" UUID, "p_keys" TEXT[]) RETURNS INTEGER
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  blanked INTEGER;
BEGIN
  SELECT count(*) INTO blanked
    FROM case_events e, jsonb_each(e.data) AS d(k, v)
   WHERE e.case_id = p_case_id AND d.k = ANY(p_keys) AND jsonb_typeof(d.v) = 'string' AND d.v <> '""'::jsonb;
  UPDATE case_events e
     SET data = (SELECT jsonb_object_agg(d.k, CASE WHEN d.k = ANY(p_keys) AND jsonb_typeof(d.v) = 'string'
                                                   THEN '""'::jsonb ELSE d.v END)
                   FROM jsonb_each(e.data) AS d(k, v))
   WHERE e.case_id = p_case_id AND e.data ?| p_keys;
  RETURN blanked;
END;
$$;

CREATE FUNCTION "shred_referral_status_notes"("p_case_id" UUID) RETURNS INTEGER
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  blanked INTEGER;
BEGIN
  UPDATE referral_status_changes SET note = NULL
   WHERE note IS NOT NULL AND referral_id IN (SELECT id FROM referrals WHERE case_id = p_case_id);
  GET DIAGNOSTICS blanked = ROW_COUNT;
  RETURN blanked;
END;
$$;

-- triage_results is append-only for the API's role too. Triage kept the person's words it read as evidence (a
-- signal's or a disagreement's phrase, a category's quoted 「…」 reasons, the life-stage cues); shredding removes
-- those, while urgency, categories, confidences, recommendations, rule ids and signal codes stay.
CREATE FUNCTION "shred_triage_phrases"("p_case_id" UUID) RETURNS INTEGER
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  blanked INTEGER;
BEGIN
  SELECT coalesce(sum(
           (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.result->'signals') = 'array'
                                                           THEN t.result->'signals' ELSE '[]' END) s
             WHERE coalesce(s->>'phrase', '') <> '')
         + (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.result->'disagreements') = 'array'
                                                           THEN t.result->'disagreements' ELSE '[]' END) d
             WHERE coalesce(d->>'phrase', '') <> '')
         + (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.result->'categories') = 'array'
                                                           THEN t.result->'categories' ELSE '[]' END) c,
                                 jsonb_array_elements(CASE WHEN jsonb_typeof(c->'because') = 'array'
                                                           THEN c->'because' ELSE '[]' END) b
             WHERE (b #>> '{}') LIKE '「%')
         + CASE WHEN jsonb_typeof(t.result #> '{lifeStage,cues}') = 'array'
                THEN jsonb_array_length(t.result #> '{lifeStage,cues}') ELSE 0 END), 0)::int
    INTO blanked
    FROM triage_results t WHERE t.case_id = p_case_id;

  UPDATE triage_results t SET result = (
    SELECT r3 FROM (
      SELECT CASE WHEN jsonb_typeof(t.result->'signals') = 'array'
                  THEN jsonb_set(t.result, '{signals}', coalesce(
                         (SELECT jsonb_agg(s.v - 'phrase' ORDER BY s.i)
                            FROM jsonb_array_elements(t.result->'signals') WITH ORDINALITY AS s(v, i)), '[]'))
                  ELSE t.result END AS r1
    ) a, LATERAL (
      SELECT CASE WHEN jsonb_typeof(r1->'disagreements') = 'array'
                  THEN jsonb_set(r1, '{disagreements}', coalesce(
                         (SELECT jsonb_agg(jsonb_set(d.v, '{phrase}', '""') ORDER BY d.i)
                            FROM jsonb_array_elements(r1->'disagreements') WITH ORDINALITY AS d(v, i)), '[]'))
                  ELSE r1 END AS r2
    ) b, LATERAL (
      SELECT CASE WHEN jsonb_typeof(r2 #> '{lifeStage,cues}') = 'array'
                  THEN jsonb_set(r2b, '{lifeStage,cues}', '[]') ELSE r2b END AS r3
        FROM (SELECT CASE WHEN jsonb_typeof(r2->'categories') = 'array'
                          THEN jsonb_set(r2, '{categories}', coalesce(
                                 (SELECT jsonb_agg(CASE WHEN jsonb_typeof(c.v->'because') = 'array'
                                                        THEN jsonb_set(c.v, '{because}', coalesce(
                                                               (SELECT jsonb_agg(bb.v ORDER BY bb.i)
                                                                  FROM jsonb_array_elements(c.v->'because')
                                                                       WITH ORDINALITY AS bb(v, i)
                                                                 WHERE NOT ((bb.v #>> '{}') LIKE '「%')), '[]'))
                                                        ELSE c.v END ORDER BY c.i)
                                    FROM jsonb_array_elements(r2->'categories') WITH ORDINALITY AS c(v, i)), '[]'))
                          ELSE r2 END AS r2b) cats
    ) c
  )
  WHERE t.case_id = p_case_id;
  RETURN blanked;
END;
$$;

-- Only the owner and the API's role may call them (packages/db roles.ts grants EXECUTE to that role), not every
-- role of the cluster.
REVOKE EXECUTE ON FUNCTION "shred_case_event_text"(UUID, TEXT[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "shred_referral_status_notes"(UUID) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "shred_triage_phrases"(UUID) FROM PUBLIC;
