import {
  CASE_STATUSES,
  type TCaseQueryInput,
  type TCaseStatus,
  type TLocalized,
  ZCaseQuery,
  ZCaseSearch,
} from '@madoguchi/shared';

/*
 * The queue's filters live in the URL (shareable, bookmarkable, back-button friendly). Keys are the
 * API's own (GET /cases), with two differences: no `status` means "open cases" (the triage queue), and
 * `status=all` means every status. The search term is never in the URL: the filter form posts to a
 * server action that seals it into the opaque `s` (search-token.ts), and the page opens it and asks
 * the API with POST /cases/search.
 */

export const QUEUE_KEYS = [
  'status',
  'priority',
  'category',
  'assignee',
  'channel',
  'from',
  'to',
  'followUpOverdue',
  'tag',
  'sort',
  's',
  'cursor',
] as const;
export type TQueueKey = (typeof QUEUE_KEYS)[number];

export type TSearchParams = Record<string, string | string[] | undefined>;

export const OPEN_STATUSES: readonly TCaseStatus[] = CASE_STATUSES.filter((status) => status !== 'closed');

export const QUEUE_PAGE_SIZE = 25;

function values(raw: string | string[] | undefined): string[] {
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** The URL's filters, kept as lists of strings (what the form shows back). */
export type TQueueFilters = Partial<Record<TQueueKey, string[]>>;

export function readQueueFilters(params: TSearchParams): TQueueFilters {
  const filters: TQueueFilters = {};
  for (const key of QUEUE_KEYS) {
    const list = values(params[key]);
    if (list.length > 0) {
      filters[key] = list;
    }
  }
  return filters;
}

/** The filters as GET /cases takes them (checked), and an opened search term for POST /cases/search. */
export type TQueueQuery =
  { ok: true; query: TCaseQueryInput; term?: string } | { ok: false; message: TLocalized; paths: string[] };

/** The filter form's fields, as the page's filters, and the search term it typed (sealed by the action). */
export function filtersFromForm(form: FormData): { filters: TQueueFilters; term: string } {
  const params: TSearchParams = {};
  for (const key of QUEUE_KEYS) {
    if (key !== 's' && key !== 'cursor') {
      params[key] = form.getAll(key).filter((value): value is string => typeof value === 'string');
    }
  }
  const term = form
    .getAll('q')
    .filter((value): value is string => typeof value === 'string')
    .join(' ')
    .trim();
  return { filters: readQueueFilters(params), term };
}

/** The same filters without the sealed search (saved views outlive a search token). */
export function withoutSearch({ s: _sealed, ...filters }: TQueueFilters): TQueueFilters {
  return filters;
}

/**
 * Filters (and the opened search term, if any) → the API request, checked with the API's own schema so a
 * bad URL is explained, not sent: GET /cases with `query`, or POST /cases/search with `query` and `q`.
 */
export function toCaseQuery(filters: TQueueFilters, typed?: string): TQueueQuery {
  const term = typed?.trim() || undefined;
  const status = filters.status ?? [...OPEN_STATUSES];
  const input: Record<string, string | string[] | number | undefined> = {
    status: status.includes('all') ? undefined : status,
    priority: filters.priority,
    category: filters.category,
    assignee: filters.assignee?.[0],
    channel: filters.channel,
    from: filters.from?.[0],
    to: filters.to?.[0],
    followUpOverdue: filters.followUpOverdue?.[0],
    tag: filters.tag,
    // A search keeps the queue order (POST /cases/search has no sort); `queue` is the default anyway.
    sort: term || filters.sort?.[0] === 'queue' ? undefined : filters.sort?.[0],
    cursor: filters.cursor?.[0],
    limit: QUEUE_PAGE_SIZE,
    counts: 'true',
  };
  const defined = Object.fromEntries(
    Object.entries(input).filter(
      (entry): entry is [string, string | string[] | number] => entry[1] !== undefined,
    ),
  );
  const parsed = term ? ZCaseSearch.safeParse({ ...defined, q: term }) : ZCaseQuery.safeParse(defined);
  if (!parsed.success) {
    return {
      ok: false,
      message: {
        ja: '絞り込みの条件に正しくないものがあります。条件を見直すか、クリアしてください。',
        en: 'Some filters are not valid. Check them or clear the filters.',
      },
      paths: parsed.error.issues.map((issue) => issue.path.join('.')),
    };
  }
  return term ? { ok: true, query: defined, term } : { ok: true, query: defined };
}

/** The URL of the queue with these filters (cursor dropped unless given). */
export function queueHref(filters: TQueueFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const key of QUEUE_KEYS) {
    if (key === 'cursor') {
      continue;
    }
    const list = filters[key];
    if (list && list.length > 0) {
      params.set(key, list.join(','));
    }
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  const text = params.toString();
  return text ? `/cases?${text}` : '/cases';
}

/** Named views everyone has: URL presets for the questions a desk asks every day. */
export const PRESET_VIEWS: readonly { id: string; label: TLocalized; filters: TQueueFilters }[] = [
  { id: 'open', label: { ja: '未終了すべて', en: 'All open' }, filters: {} },
  { id: 'mine', label: { ja: '自分の担当', en: 'Assigned to me' }, filters: { assignee: ['me'] } },
  { id: 'unassigned', label: { ja: '担当者なし', en: 'Unassigned' }, filters: { assignee: ['unassigned'] } },
  {
    id: 'urgent',
    label: { ja: '緊急・高', en: 'Emergency and high' },
    filters: { priority: ['emergency', 'high'] },
  },
  {
    id: 'due',
    label: { ja: '対応期限の近い順', en: 'Time left' },
    filters: { sort: ['due'] },
  },
  {
    id: 'overdue',
    label: { ja: 'フォロー期限切れ', en: 'Follow-up overdue' },
    filters: { followUpOverdue: ['true'] },
  },
  { id: 'closed', label: { ja: '終了', en: 'Closed' }, filters: { status: ['closed'] } },
];
