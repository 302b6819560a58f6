import { redirect } from 'next/navigation';

import { applyQueueFilters } from './queue-actions';
import { readQueueFilters } from './queue-query';
import { openSearchToken } from './search-token';

const SECRET = 'queue-actions-test-secret-of-32-characters-or-more';

jest.mock('../../lib/auth', () => ({
  requireStaff: jest.fn(async () => ({ sub: 'u1', role: 'counselor' })),
}));
jest.mock('../auth/session-token', () => ({ sessionSecret: () => SECRET }));
jest.mock('next/navigation', () => ({
  redirect: jest.fn((url: string) => {
    throw new Error(`NEXT_REDIRECT ${url}`);
  }),
}));

/** Submits the filter form to the action and returns where it sends the browser. */
async function submit(fields: [string, string][]): Promise<string> {
  const form = new FormData();
  fields.forEach(([name, value]) => form.append(name, value));
  await expect(applyQueueFilters(form)).rejects.toThrow('NEXT_REDIRECT');
  return jest.mocked(redirect).mock.calls.at(-1)![0];
}

describe('the filter form action', () => {
  it('puts the filters in the URL and the search term only sealed', async () => {
    const url = await submit([
      ['q', ' 山田 090-1234-5678 '],
      ['status', 'all'],
      ['priority', 'high'],
      ['category', ''],
    ]);
    expect(url).toMatch(/^\/cases\?status=all&priority=high&s=[A-Za-z0-9_-]+$/);
    for (const part of ['山田', encodeURIComponent('山田'), '090', '1234', '5678']) {
      expect(url).not.toContain(part);
    }
    const token = readQueueFilters(Object.fromEntries(new URLSearchParams(url.split('?')[1]))).s![0]!;
    expect(openSearchToken(token, SECRET)).toEqual({ ok: true, term: '山田 090-1234-5678' });
  });

  it('leaves the URL without `s` when nothing was typed, and drops the old page', async () => {
    expect(
      await submit([
        ['q', '   '],
        ['assignee', 'me'],
      ]),
    ).toBe('/cases?assignee=me');
    expect(await submit([])).toBe('/cases');
  });
});
