import { queueHref, readQueueFilters, toCaseQuery } from './queue-query';

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
      q: '  090-1234-5678 ',
      followUpOverdue: 'true',
      category: '',
    });
    const query = toCaseQuery(filters);
    expect(query.ok && query.query).toMatchObject({
      status: ['new', 'triaged'],
      priority: ['emergency', 'high'],
      assignee: 'me',
      q: '090-1234-5678',
      followUpOverdue: 'true',
    });
    expect(query.ok && query.query).not.toHaveProperty('category');
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

  it('builds links that keep the filters and drop or set the cursor', () => {
    const filters = readQueueFilters({ status: 'new', q: '詐欺', cursor: 'abc' });
    expect(queueHref(filters)).toBe(`/cases?status=new&q=${encodeURIComponent('詐欺')}`);
    expect(queueHref(filters, 'next_1')).toBe(
      `/cases?status=new&q=${encodeURIComponent('詐欺')}&cursor=next_1`,
    );
    expect(queueHref({})).toBe('/cases');
  });
});
