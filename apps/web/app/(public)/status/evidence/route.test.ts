/** @jest-environment node */
import { openOutcome } from '../../../../modules/evidence/evidence-result-token';
import { GET, POST } from './route';

const fetchMock = jest.fn<Promise<Response>, [string, RequestInit]>();

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

const BOUNDARY = '----madoguchi-test';

function multipart(): string {
  return [
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="receiptNumber"',
    '',
    'K7QP-4MZT',
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="accessCode"',
    '',
    '7EDAH-F42E7',
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="file"; filename="sms.txt"',
    'Content-Type: text/plain',
    '',
    '未納料金があります',
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n');
}

function upload(headers: Record<string, string>, accept = 'text/html'): Request {
  return new Request('http://madoguchi.example/status/evidence', {
    method: 'POST',
    headers: {
      host: 'madoguchi.example',
      accept,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      ...headers,
    },
    body: multipart(),
  });
}

describe('POST /status/evidence', () => {
  it('refuses an upload posted from another site with 403, before anything reaches the API', async () => {
    const response = await POST(upload({ origin: 'https://attacker.example' }));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('このページからは送信できません');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses when the browser says the request is cross-site, and an opaque (null) origin', async () => {
    const crossSite = await POST(
      upload({ origin: 'http://madoguchi.example', 'sec-fetch-site': 'cross-site' }),
    );
    expect(crossSite.status).toBe(403);
    const opaque = await POST(upload({ origin: 'null' }));
    expect(opaque.status).toBe(403);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('pipes a same-site upload to the API as a stream with its boundary, and answers a JS upload in JSON', async () => {
    fetchMock.mockResolvedValue(
      Response.json(
        {
          files: [
            {
              id: '2b1f7a44-4c1e-4b57-9b7e-0d0c5a2f4c11',
              name: 'sms.txt',
              kind: 'text',
              contentType: 'text/plain; charset=utf-8',
              sizeBytes: 27,
              sha256: 'a'.repeat(64),
              receivedAt: '2026-12-04T09:00:00.000+09:00',
              scanState: 'pending',
            },
          ],
        },
        { status: 201 },
      ),
    );
    const response = await POST(
      upload({ origin: 'http://madoguchi.example', 'sec-fetch-site': 'same-origin' }, 'application/json'),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      status: 'received',
      files: [{ name: 'sms.txt', kind: 'text', sizeBytes: 27, sha256: 'a'.repeat(64) }],
    });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toMatch(/\/api\/v1\/intakes\/evidence$/);
    expect(init.body).toBeInstanceOf(ReadableStream);
    expect((init as { duplex?: string }).duplex).toBe('half');
    const headers = init.headers as Record<string, string>;
    expect(headers['content-type']).toBe(`multipart/form-data; boundary=${BOUNDARY}`);
    // The API may stop reading a refused upload: its connection must not be reused.
    expect(headers.connection).toBe('close');
  });

  it('sends a plain form post on (303) to the result page with a sealed outcome, no codes in the URL', async () => {
    fetchMock.mockResolvedValue(
      Response.json(
        {
          code: 'unsupported_media_type',
          message: { ja: '「a.png」は受け付けられない形式です。', en: '"a.png" is not an accepted format.' },
          details: { reason: 'evidence_type_not_allowed', file: 'a.png' },
          requestId: 'r1',
        },
        { status: 415 },
      ),
    );
    const response = await POST(upload({ origin: 'http://madoguchi.example' }));
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/status\/evidence\/result\?r=/);
    expect(location).not.toContain('K7QP');
    expect(location).not.toContain('7EDAH');
    const token = new URL(location, 'http://madoguchi.example').searchParams.get('r')!;
    expect(openOutcome(token)).toEqual({
      status: 'refused',
      reason: 'evidence_type_not_allowed',
      file: 'a.png',
      message: { ja: '「a.png」は受け付けられない形式です。', en: '"a.png" is not an accepted format.' },
      details: [],
    });
  });

  it('answers a body that is not multipart without calling the API', async () => {
    const response = await POST(
      new Request('http://madoguchi.example/status/evidence', {
        method: 'POST',
        headers: {
          host: 'madoguchi.example',
          origin: 'http://madoguchi.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'file=x',
      }),
    );
    expect(response.status).toBe(303);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends a GET (a reload, a typed address) to the status page', () => {
    const response = GET();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/status');
  });
});
