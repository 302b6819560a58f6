-- Every change to the directory of windows is announced on the channel `madoguchi_directory`, whoever makes it
-- (the admin page, a migration, a seed): each API and worker process LISTENs and drops its cached copy at once,
-- so triage on every replica uses the edited hours and categories from the next intake on (issue 19 item 4).
CREATE FUNCTION notify_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('madoguchi_directory', TG_OP);
  RETURN NULL;
END;
$$;

CREATE TRIGGER referral_windows_notify
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "referral_windows"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_directory_changed();
