-- The person's own reply from the status page (receipt number + access code): a case_events row with no actor.
ALTER TYPE "CaseEventKind" ADD VALUE 'person_reply';
