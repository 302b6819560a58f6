import { fromTokyoDateTimeLocal, type TAuditExportQuery } from '@madoguchi/shared';

/** The audit page's filters as they sit in its URL (and in the CSV link, which carries the same ones). */
export const AUDIT_FILTER_KEYS = ['actorId', 'action', 'entity', 'caseRef', 'caseId', 'from', 'to'] as const;
export type TAuditFilters = Record<(typeof AUDIT_FILTER_KEYS)[number], string | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}

export function readAuditFilters(params: Record<string, string | string[] | undefined>): TAuditFilters {
  return Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, first(params[key])])) as TAuditFilters;
}

/**
 * The API query for the filters: the form's times are Japan wall-clock times, the API wants instants. Values
 * are passed on unchecked (the API answers what is wrong), so the page and the CSV agree on every filter.
 */
export function auditFilterQuery(
  params: Record<string, string | string[] | undefined>,
): Record<keyof TAuditExportQuery, string | undefined> {
  const filters = readAuditFilters(params);
  return {
    ...filters,
    entityId: undefined,
    from: filters.from ? (fromTokyoDateTimeLocal(filters.from) ?? filters.from) : undefined,
    to: filters.to ? (fromTokyoDateTimeLocal(filters.to) ?? filters.to) : undefined,
  };
}
