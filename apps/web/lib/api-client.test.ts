/** @jest-environment node */
import { contract } from '@madoguchi/shared';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { callApi, retryAfter, toQueryString } from './api-client';

const fetchMock = jest.fn<Promise<Response>, [string, RequestInit]>();

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const window = {
  slug: 'consumer-hotline-188',
  openNow: true,
  nextOpenAt: null,
};

describe('callApi', () => {
  it('builds the URL from the route, its parameters and query, with a request id and the token', async () => {
    fetchMock.mockResolvedValue(json(200, { items: [], nextCursor: null }));
    await callApi(
      contract.cases.list,
      { query: { status: ['new', 'in_progress'], q: 'メール' } },
      { token: 'tok' },
    );
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(
      `http://127.0.0.1:4000/api/v1/cases?status=new&status=in_progress&q=${encodeURIComponent('メール')}`,
    );
    const headers = init.headers as Record<string, string>;
    expect(headers['authorization']).toBe('Bearer tok');
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.method).toBe('GET');
  });

  it('encodes path parameters and sends the body as JSON', async () => {
    fetchMock.mockResolvedValue(json(422, {}));
    await callApi(contract.windows.update, { params: { slug: 'a/b' }, body: { active: false } });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:4000/api/v1/windows/a%2Fb');
    expect(init.method).toBe('PATCH');
    expect(init.body).toBe('{"active":false}');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it("returns the API's error with its fields, reason, request id and Retry-After", async () => {
    fetchMock.mockResolvedValue(
      json(
        409,
        {
          code: 'conflict',
          message: { ja: '他の操作と重なりました。', en: 'Conflict.' },
          details: { reason: 'version_conflict', currentVersion: 4 },
          requestId: 'req-1',
        },
        { 'retry-after': '7' },
      ),
    );
    const result = await callApi(contract.windows.get, { params: { slug: 'x' } });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'conflict',
        status: 409,
        reason: 'version_conflict',
        details: { reason: 'version_conflict', currentVersion: 4 },
        requestId: 'req-1',
        retryAfterSeconds: 7,
      }),
    });
  });

  it('answers unavailable when the API cannot be reached or a gateway answers', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    const down = await callApi(contract.health.live, {});
    expect(down).toMatchObject({ ok: false, error: { code: 'unavailable', status: 0 } });

    fetchMock.mockResolvedValueOnce(new Response('<html>Bad gateway</html>', { status: 502 }));
    const gateway = await callApi(contract.health.live, {});
    expect(gateway).toMatchObject({ ok: false, error: { code: 'unavailable', status: 502 } });
  });

  it('refuses a success reply that does not match the contract instead of half-rendering it', async () => {
    fetchMock.mockResolvedValue(json(200, [window]));
    const result = await callApi(contract.windows.list, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', status: 502 } });
  });

  it('gives 204 routes no data and file routes the response to stream on', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    const deleted = await callApi(contract.cases.removeLink, { params: { id: 'a', linkedCaseId: 'b' } });
    expect(deleted).toEqual({ ok: true, status: 204, data: undefined });

    const pdf = new Response('%PDF-1.7', { status: 200, headers: { 'content-type': 'application/pdf' } });
    fetchMock.mockResolvedValueOnce(pdf);
    const file = await callApi(contract.reports.referralLetter, { params: { id: 'r' } });
    expect(file).toEqual({ ok: true, status: 200, data: pdf });
  });
});

describe('query strings and Retry-After', () => {
  it('repeats arrays and leaves out empty values', () => {
    expect(toQueryString({ a: ['1', '2'], b: '', c: undefined, d: null, e: 3 })).toBe('?a=1&a=2&e=3');
    expect(toQueryString({})).toBe('');
  });

  it('reads seconds and HTTP dates', () => {
    expect(retryAfter('12')).toBe(12);
    expect(retryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60);
    expect(retryAfter('soon')).toBeUndefined();
    expect(retryAfter(null)).toBeUndefined();
  });
});

describe('the one client', () => {
  it('is the only web code that knows where the API is', () => {
    const root = join(__dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (['node_modules', '.next', 'e2e'].includes(name)) {
          continue;
        }
        if (statSync(path).isDirectory()) {
          walk(path);
        } else if (/\.(tsx?|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (/API_URL|\/api\/v1/.test(text)) {
            offenders.push(relative(root, path));
          }
        }
      }
    };
    walk(root);
    expect(offenders.sort()).toEqual(['lib/api-client.ts', 'lib/env.ts']);
  });
});
