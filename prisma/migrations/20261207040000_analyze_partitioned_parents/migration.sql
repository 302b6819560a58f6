-- Statistics of the partitioned tables themselves (issue 19 item 5). Autovacuum analyzes each partition but never a
-- partitioned parent, so without this a query over the whole of audit_log or case_events (the statistics' joins,
-- the audit pages) is planned with default estimates for the parent. The audit.ensure-partitions job (daily, the
-- API's role) calls this as the owner: ANALYZE samples rows across the partitions for the parent's statistics (and
-- analyzes each partition again, which is cheap next to a day's autovacuum).
CREATE FUNCTION "analyze_partitioned_parents"() RETURNS VOID
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  ANALYZE "audit_log";
  ANALYZE "case_events";
END;
$$;
REVOKE EXECUTE ON FUNCTION "analyze_partitioned_parents"() FROM PUBLIC;
