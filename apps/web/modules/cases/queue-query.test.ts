import { filtersFromForm, queueHref, readQueueFilters, toCaseQuery, withoutSearch } from './queue-query';

describe('the queue URL', () => {
  it('shows open cases when no status is chosen, with the dashboard counts', () => {
    const query = toCaseQuery(readQueueFilters({}));
    expect(query).toEqual({
      ok: true,
      query: {
        status: ['new', 'triaged', 'in_progress', 'referred', 'awaiting_client'],
        limit: 25,
        counts: 'true',
      },
    });
  });

  it('passes the filters on the way the API reads them (repeated and comma-separated lists)', () => {
    const filters = readQueueFilters({
      status: ['new', 'triaged'],
      priority: 'emergency,high',
      assignee: 'me',
      followUpOverdue: 'true',
      category: '',
    });
    const query = toCaseQuery(filters);
    expect(query.ok && query.query).toMatchObject({
      status: ['new', 'triaged'],
      priority: ['emergency', 'high'],
      assignee: 'me',
      followUpOverdue: 'true',
    });
    expect(query.ok && query.query).not.toHaveProperty('category');
    expect(query.ok && query.term).toBeUndefined();
  });

  it('never reads a search term from the URL, and sends an opened one apart from the query (POST /cases/search)', () => {
    const filters = readQueueFilters({ q: '090-1234-5678', s: 'sealed_token', status: 'new' });
    expect(filters).toEqual({ status: ['new'], s: ['sealed_token'] });
    const query = toCaseQuery(filters, '  090-1234-5678 ');
    expect(query).toEqual({
      ok: true,
      query: { status: ['new'], limit: 25, counts: 'true' },
      term: '090-1234-5678',
    });
    expect(toCaseQuery(filters, '   ')).toEqual({
      ok: true,
      query: { status: ['new'], limit: 25, counts: 'true' },
    });
    expect(toCaseQuery(filters, 'x'.repeat(101)).ok).toBe(false);
  });

  it('reads the filter form: the filters for the URL, the term apart', () => {
    const form = new FormData();
    form.append('status', 'new');
    form.append('status', 'triaged');
    form.append('q', '  山田 090-1234-5678 ');
    form.append('category', '');
    form.append('$ACTION_ID_abc', '');
    expect(filtersFromForm(form)).toEqual({
      filters: { status: ['new', 'triaged'] },
      term: '山田 090-1234-5678',
    });
  });

  it('lets status=all show closed cases too', () => {
    const query = toCaseQuery(readQueueFilters({ status: 'all' }));
    expect(query.ok && query.query).not.toHaveProperty('status');
  });

  it('explains a filter the API would refuse instead of sending it', () => {
    const query = toCaseQuery(readQueueFilters({ priority: 'urgent' }));
    expect(query.ok).toBe(false);
    expect(!query.ok && query.paths).toContain('priority.0');
  });

  it('builds links that keep the filters and the sealed search, and drop or set the cursor', () => {
    const filters = readQueueFilters({ status: 'new', s: 'sealed_token', cursor: 'abc' });
    expect(queueHref(filters)).toBe('/cases?status=new&s=sealed_token');
    expect(queueHref(filters, 'next_1')).toBe('/cases?status=new&s=sealed_token&cursor=next_1');
    expect(queueHref(withoutSearch(filters))).toBe('/cases?status=new');
    expect(queueHref({})).toBe('/cases');
  });
});

describe('the queue order', () => {
  it('asks the API for the time-left order, keeps it in the URL, and lets a search keep priority order', () => {
    const filters = readQueueFilters({ sort: 'due' });
    expect(toCaseQuery(filters)).toMatchObject({ ok: true, query: { sort: 'due' } });
    expect(queueHref(filters)).toBe('/cases?sort=due');
    const searching = toCaseQuery(filters, '詐欺');
    expect(searching.ok && searching.query).not.toHaveProperty('sort');
    const byPriority = toCaseQuery(readQueueFilters({ sort: 'queue' }));
    expect(byPriority.ok && byPriority.query).not.toHaveProperty('sort');
    expect(toCaseQuery(readQueueFilters({ sort: 'fastest' })).ok).toBe(false);
  });
});
