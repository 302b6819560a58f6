import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('live answers without touching the database', async () => {
    const res = await t.http.get('/api/v1/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('ready checks the database', async () => {
    const res = await t.http.get('/api/v1/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('ready is 503 with the common error body when the database is unreachable', async () => {
    const broken = await createTestApp({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    try {
      const res = await broken.http.get('/api/v1/health/ready').expect(503);
      expect(res.body).toMatchObject({ code: 'unavailable', details: { checks: { database: 'failing' } } });
      expect(res.body.requestId).toEqual(expect.any(String));
    } finally {
      await broken.close();
    }
  });
});

describe('with the database down', () => {
  it('an intake answers 503 with Retry-After and the common body, never 500', async () => {
    const broken = await createTestApp({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    try {
      const res = await broken.http.post('/api/v1/intakes').send({ description: '助けてください' });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body).toMatchObject({ code: 'unavailable', details: { retryable: true } });
      expect(res.body.message.ja).toEqual(expect.any(String));
      const status = await broken.http
        .post('/api/v1/intakes/status')
        .send({ receiptNumber: 'ABCD-EFGH', accessCode: 'x' });
      expect(status.status).toBe(503);
    } finally {
      await broken.close();
    }
  });
});

describe('common error body and request ids', () => {
  it('unknown routes get 404 { code, message (ja/en), details, requestId } and no stack trace', async () => {
    const res = await t.http.get('/api/v1/no-such-route').expect(404);
    expect(res.body).toEqual({
      code: 'not_found',
      message: { ja: expect.any(String), en: expect.any(String) },
      details: {},
      requestId: res.headers['x-request-id'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("Fastify's own rejections (a malformed URL) get the common error body too", async () => {
    for (const path of ['/api/v1/windows/%E0%A4%A', '/api/v1/cases/%']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        code: 'bad_request',
        message: { ja: expect.any(String), en: expect.any(String) },
        details: {},
        requestId: res.headers['x-request-id'],
      });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('every reply says no-store: replies carry personal data or tokens', async () => {
    for (const path of ['/api/v1/health/live', '/api/v1/windows', '/api/v1/no-such-route']) {
      expect((await t.http.get(path)).headers['cache-control']).toBe('no-store');
    }
  });

  it('keeps a well-formed incoming X-Request-Id and replaces a malformed one', async () => {
    const kept = await t.http.get('/api/v1/health/live').set('X-Request-Id', 'abc-12345-trace');
    expect(kept.headers['x-request-id']).toBe('abc-12345-trace');
    const replaced = await t.http
      .get('/api/v1/health/live')
      .set('X-Request-Id', 'bad id with spaces; and-more');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('OpenAPI', () => {
  it('serves the document and the UI', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health/live', '/api/v1/health/ready']),
    );
    // Every operation documents the common error body; staff routes their bearer scheme.
    expect(doc.body.components.schemas.Error.required).toEqual(['code', 'message', 'details', 'requestId']);
    for (const [path, item] of Object.entries(
      doc.body.paths as Record<string, Record<string, { responses: object; security?: unknown }>>,
    )) {
      for (const [method, op] of Object.entries(item)) {
        expect({ op: `${method} ${path}`, has400: '400' in op.responses }).toEqual({
          op: `${method} ${path}`,
          has400: true,
        });
      }
    }
    expect(doc.body.paths['/api/v1/cases'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.body.paths['/api/v1/cases'].get.responses['401']).toBeDefined();
    expect(doc.body.paths['/api/v1/intakes'].post.responses['401']).toBeUndefined();
    expect(doc.body.paths['/api/v1/intakes'].post.requestBody).toBeDefined();
    const ui = await t.http.get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});
