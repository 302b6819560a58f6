-- Field encryption of the person's words triage quoted as evidence (issue 17 item 1): the signals' and the
-- disagreements' phrases, the 「…」 reasons of a category and the life-stage cues move out of triage_results.result
-- into triage_results.phrases, a JSON object of just those strings keyed by where they were
-- ({"signals": {"<i>": …}, "disagreements": {"<i>": …}, "because": {"<category i>": {"<i>": …}}, "cues": […]}),
-- which the API writes encrypted (FieldCrypto, bound to triage_results.phrases and the row's id; case-texts.ts puts
-- the phrases back). `result` keeps the coded rest in clear: urgency, categories and confidences, rule ids, signal
-- codes, recommendations. The phrases moved here stay readable in clear until the keys.reencrypt job encrypts them
-- (apps/api/src/common/crypto/encrypted-columns.ts).
ALTER TABLE "triage_results" ADD COLUMN "phrases" TEXT;

UPDATE "triage_results" t
   SET "phrases" = m.phrases::text,
       "result" = m.coded
  FROM (
    SELECT q.id,
           nullif(jsonb_strip_nulls(jsonb_build_object(
             'signals', (SELECT jsonb_object_agg((s.i - 1)::text, s.v->'phrase')
                           FROM jsonb_array_elements(CASE WHEN jsonb_typeof(q.result->'signals') = 'array'
                                                          THEN q.result->'signals' ELSE '[]' END)
                                WITH ORDINALITY AS s(v, i)
                          WHERE jsonb_typeof(s.v->'phrase') = 'string' AND s.v->>'phrase' <> ''),
             'disagreements', (SELECT jsonb_object_agg((d.i - 1)::text, d.v->'phrase')
                                 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(q.result->'disagreements') = 'array'
                                                                THEN q.result->'disagreements' ELSE '[]' END)
                                      WITH ORDINALITY AS d(v, i)
                                WHERE jsonb_typeof(d.v->'phrase') = 'string' AND d.v->>'phrase' <> ''),
             'because', (SELECT jsonb_object_agg((c.i - 1)::text, c.quoted)
                           FROM (SELECT c0.i, (SELECT jsonb_object_agg((b.i - 1)::text, b.v)
                                                 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c0.v->'because') = 'array'
                                                                                THEN c0.v->'because' ELSE '[]' END)
                                                      WITH ORDINALITY AS b(v, i)
                                                WHERE jsonb_typeof(b.v) = 'string' AND (b.v #>> '{}') LIKE '「%') AS quoted
                                   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(q.result->'categories') = 'array'
                                                                  THEN q.result->'categories' ELSE '[]' END)
                                        WITH ORDINALITY AS c0(v, i)) c
                          WHERE c.quoted IS NOT NULL),
             'cues', CASE WHEN jsonb_typeof(q.result #> '{lifeStage,cues}') = 'array'
                               AND jsonb_array_length(q.result #> '{lifeStage,cues}') > 0
                          THEN q.result #> '{lifeStage,cues}' END
           )), '{}'::jsonb) AS phrases,
           (SELECT r3 FROM (
              SELECT CASE WHEN jsonb_typeof(q.result->'signals') = 'array'
                          THEN jsonb_set(q.result, '{signals}', coalesce(
                                 (SELECT jsonb_agg(s.v - 'phrase' ORDER BY s.i)
                                    FROM jsonb_array_elements(q.result->'signals') WITH ORDINALITY AS s(v, i)), '[]'))
                          ELSE q.result END AS r1
            ) a, LATERAL (
              SELECT CASE WHEN jsonb_typeof(r1->'disagreements') = 'array'
                          THEN jsonb_set(r1, '{disagreements}', coalesce(
                                 (SELECT jsonb_agg(CASE WHEN jsonb_typeof(d.v) = 'object'
                                                        THEN jsonb_set(d.v, '{phrase}', '""') ELSE d.v END ORDER BY d.i)
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
            ) c) AS coded
      FROM "triage_results" q
     WHERE q."phrases" IS NULL
  ) m
 WHERE t.id = m.id AND m.phrases IS NOT NULL;

-- Shredding (migration 20261205010000_retention) now also removes `phrases`; phrases still in `result` (a row
-- written by an older version between this migration and its restart) are blanked as before. Counts the quoted
-- values of `result` blanked and the `phrases` removed (an encrypted value's strings cannot be counted unopened).
CREATE OR REPLACE FUNCTION "shred_triage_phrases"("p_case_id" UUID) RETURNS INTEGER
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  blanked INTEGER;
  removed INTEGER;
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
  SELECT count(*) INTO removed FROM triage_results WHERE case_id = p_case_id AND phrases IS NOT NULL;

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
  ), phrases = NULL
  WHERE t.case_id = p_case_id;

  RETURN blanked + removed;
END;
$$;

-- The keys.reencrypt job encrypts clear phrases and moves them to the active data key. triage_results is append-only
-- for the API's role (packages/db roles.ts): this is the one further change it allows, and only this one: phrases
-- replaced by a ciphertext, if they are still the value the job read. True when the row was changed.
CREATE FUNCTION "reencrypt_triage_phrases"("p_id" UUID, "p_from" TEXT, "p_to" TEXT) RETURNS BOOLEAN
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  changed INTEGER;
BEGIN
  IF p_to IS NULL OR p_to NOT LIKE 'enc:%' THEN
    RAISE EXCEPTION 'reencrypt_triage_phrases only stores ciphertexts' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE triage_results SET phrases = p_to WHERE id = p_id AND phrases = p_from;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed = 1;
END;
$$;

REVOKE EXECUTE ON FUNCTION "reencrypt_triage_phrases"(UUID, TEXT, TEXT) FROM PUBLIC;
