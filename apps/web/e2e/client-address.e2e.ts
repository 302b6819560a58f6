// The client address through the real web server (server.mjs) to the API: a client cannot choose the
// address the API limits and audits by sending its own X-Forwarded-For. Plain HTTP from Node rather
// than the browser, because the test must connect from an address of its own choosing: on Linux all of
// 127.0.0.0/8 is this machine, so 127.0.0.x is a client the harness's web server does not trust,
// while 127.0.0.1 is the reverse proxy it does trust (TRUST_PROXY=127.0.0.1, harness/stack.ts).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';

import { stackDatabase, webUrl } from './harness';

type TReply = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** One HTTP request to the web app from `from` (the socket's local address). */
function send(options: {
  from: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}): Promise<TReply> {
  const url = new URL(options.path, webUrl());
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method,
        localAddress: options.from,
        headers: { ...options.headers, ...(options.body ? { 'content-length': options.body.length } : {}) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method} ${options.path} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden fields of the consultation form (React's server action fields and the submission key). */
function hiddenFields(html: string): [string, string][] {
  const form = /<form[^>]*>[\s\S]*?<\/form>/.exec(html.slice(html.indexOf('name="idempotencyKey"') - 20_000));
  const source = form?.[0] ?? html;
  const fields: [string, string][] = [];
  for (const [input] of source.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) {
      fields.push([decodeEntities(name), decodeEntities(/value="([^"]*)"/.exec(input)?.[1] ?? '')]);
    }
  }
  return fields;
}

const RECEIPT = /data-testid="receipt-number"[^>]*>([^<]+)</;
const RATE_LIMITED = '短い時間に多くの送信がありました';

/**
 * Sends the consultation form as a browser without JavaScript would (one multipart POST to /intake),
 * with whatever extra headers a client adds. Returns the receipt number, or 'rate-limited'.
 */
async function submitIntake(from: string, extra: Record<string, string>): Promise<string> {
  const page = await send({ from, method: 'GET', path: '/intake' });
  expect(page.status).toBe(200);
  const form = new FormData();
  for (const [name, value] of hiddenFields(page.text)) {
    // Each submission its own key: a repeated key would return the first receipt.
    form.append(name, name === 'idempotencyKey' ? randomUUID() : value);
  }
  form.append('description', `送信元アドレスのテスト ${randomUUID()}`);
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  const reply = await send({
    from,
    method: 'POST',
    path: '/intake',
    headers: {
      'content-type': encoded.headers.get('content-type') ?? '',
      origin: webUrl(),
      accept: 'text/html',
      ...extra,
    },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  expect(reply.status).toBe(200);
  const receipt = RECEIPT.exec(reply.text)?.[1];
  if (receipt) {
    return receipt;
  }
  if (reply.text.includes(RATE_LIMITED)) {
    return 'rate-limited';
  }
  throw new Error(`neither a receipt nor the rate-limit message:\n${reply.text.slice(0, 2_000)}`);
}

/** The API's per-address intake counter (rate_limit_counters stores only a hash of `intake-<address>`). */
async function intakeHits(address: string): Promise<number> {
  const key = createHash('sha256').update(`intake-${address}`).digest('base64url');
  const db = stackDatabase();
  try {
    return (await db.rateLimitCounter.findUnique({ where: { key } }))?.hits ?? 0;
  } finally {
    await db.$disconnect();
  }
}

/** A loopback address no other test uses, so this file's counters start at zero. */
function clientAddress(): string {
  const bytes = randomBytes(2);
  return `127.0.${(bytes[0]! % 200) + 20}.${(bytes[1]! % 250) + 2}`;
}

/** Every header by which a client might claim to be someone else. */
function forgedHeaders(n: number): Record<string, string> {
  return {
    'x-forwarded-for': `203.0.113.${n}`,
    'x-real-ip': `203.0.113.${n}`,
    forwarded: `for=203.0.113.${n}`,
    'x-client-ip': `203.0.113.${n}`,
  };
}

// The harness's API runs with the default RATE_LIMIT_INTAKE_PER_MINUTE.
const LIMIT = 10;

describe('the client address the API sees', () => {
  it('a client that forges X-Forwarded-For on every intake still meets the per-address limit', async () => {
    const client = clientAddress();
    const results: string[] = [];
    for (let n = 1; n <= LIMIT + 1; n += 1) {
      results.push(await submitIntake(client, forgedHeaders(n)));
    }
    // Ten receipts, then the form's own rate-limited message: one allowance however the header varies.
    expect(results.slice(0, LIMIT).every((result) => result !== 'rate-limited')).toBe(true);
    expect(results[LIMIT]).toBe('rate-limited');
    // Counted under the address the socket came from, and under none of the forged ones.
    expect(await intakeHits(client)).toBe(LIMIT + 1);
    for (let n = 1; n <= LIMIT + 1; n += 1) {
      expect(await intakeHits(`203.0.113.${n}`)).toBe(0);
    }
  });

  it('the audit log records the client’s real address for a failed sign-in, not the forged one', async () => {
    const client = clientAddress();
    const csrf = await send({ from: client, method: 'GET', path: '/api/auth/csrf' });
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const cookies = ([] as string[])
      .concat(csrf.headers['set-cookie'] ?? [])
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const email = `nobody-${randomUUID()}@client-address.test`;
    const reply = await send({
      from: client,
      method: 'POST',
      path: '/api/auth/callback/password',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies,
        ...forgedHeaders(99),
      },
      body: Buffer.from(
        new URLSearchParams({ csrfToken, email, password: 'not the password', json: 'true' }).toString(),
      ),
    });
    // next-auth answers a refused sign-in with a redirect back to the sign-in page and the error.
    expect(reply.status).toBeLessThan(500);

    const db = stackDatabase();
    try {
      const failures = await db.auditLog.findMany({
        where: { action: 'auth.login_failed', at: { gte: new Date(Date.now() - 60_000) } },
        select: { ip: true },
      });
      expect(failures.map((row) => row.ip)).toContain(client);
      expect(failures.map((row) => row.ip)).not.toContain('203.0.113.99');
    } finally {
      await db.$disconnect();
    }
  });

  it('believes X-Forwarded-For from the trusted proxy: the address that proxy appended', async () => {
    const client = `198.51.100.${(randomBytes(1)[0]! % 250) + 2}`;
    // What nginx's $proxy_add_x_forwarded_for writes: the client's own claim, then the address it saw.
    await submitIntake('127.0.0.1', { 'x-forwarded-for': `203.0.113.200, ${client}` });
    expect(await intakeHits(client)).toBe(1);
    expect(await intakeHits('203.0.113.200')).toBe(0);
  });
});
