-- Who wrote or called, in relation to the affected person (a parent about a child, a teacher, a friend), for the
-- case page and statistics. The values are the shared CALLER_RELATIONS, checked by the API (no CHECK constraint:
-- the WebAssembly schema engine cannot read them back). NULL: an intake that did not say (read as the person).
ALTER TABLE "cases" ADD COLUMN "caller_relation" TEXT;
