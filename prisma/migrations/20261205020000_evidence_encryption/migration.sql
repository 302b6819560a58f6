-- Evidence at rest is encrypted (issue 17): the data key each stored file's content key is wrapped under, so the
-- keys.reencrypt job can find the files still in clear (NULL: stored before encryption) or under an older data
-- key, and never retires a data key a file still needs.
ALTER TABLE "evidence_files" ADD COLUMN "data_key_id" UUID;
ALTER TABLE "evidence_derivatives" ADD COLUMN "data_key_id" UUID;
