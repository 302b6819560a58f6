// Slow and stalled uploads (slowloris): a request that trickles past HTTP_REQUEST_TIMEOUT_MS gets 408 and a
// connection that stays silent for HTTP_IDLE_TIMEOUT_MS is dropped; either way the partly written file is
// removed and no row is written. The timeouts are shortened here so the tests take seconds.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TIntakeInput } from '@madoguchi/shared';
import { SAMPLES } from './fixtures/evidence-samples';
import { eventually } from './jobs-test';
import { createTestApp, type TestApp } from './test-app';

const REQUEST_TIMEOUT_MS = 2_000;
const IDLE_TIMEOUT_MS = 1_000;

let t: TestApp;
let db: DbClient;
let dir: string;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-slow-upload-'));
  t = await createTestApp({
    EVIDENCE_DIR: dir,
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  const server = t.app.getHttpServer() as Server;
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function intake() {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({
      channel: 'web',
      description: '偽の警告画面のスクリーンショットを送ります。',
    } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber, accessCode } = res.body as { receiptNumber: string; accessCode: string };
  const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
  return { id, receiptNumber, accessCode };
}

function caseDirectory(caseId: string): string[] {
  try {
    return readdirSync(path.join(dir, caseId));
  } catch {
    return [];
  }
}

const BOUNDARY = 'madoguchi-slow-boundary';

/** Opens an upload and sends the credentials and the start of one PNG; the test decides what follows. */
function startUpload(c: { receiptNumber: string; accessCode: string }) {
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/intakes/evidence',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': 1_000_000 },
  });
  const outcome = new Promise<{ status: number } | { closed: string }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode! });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ closed: error.code ?? error.message }));
  });
  req.write(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="receiptNumber"\r\n\r\n${c.receiptNumber}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="accessCode"\r\n\r\n${c.accessCode}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="slow.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  req.write(Buffer.concat([SAMPLES.png, Buffer.alloc(8_000, 7)]));
  return { req, outcome };
}

describe('slow uploads', () => {
  it('drops a connection that stops sending, and removes the partly written file', async () => {
    const c = await intake();
    const { req, outcome } = startUpload(c);
    await eventually(() => (caseDirectory(c.id).length > 0 ? true : undefined), 5_000);
    const started = Date.now();
    // Nothing more is sent: after the idle time the API drops the connection.
    expect(await outcome).toEqual({ closed: 'ECONNRESET' });
    expect(Date.now() - started).toBeLessThan(IDLE_TIMEOUT_MS + 3_000);
    req.destroy();
    await eventually(() => (caseDirectory(c.id).length === 0 ? true : undefined), 5_000);
    expect(await db.evidenceFile.count({ where: { caseId: c.id } })).toBe(0);
  });

  it('answers 408 to an upload that trickles past the request time, and removes the partly written file', async () => {
    const c = await intake();
    const { req, outcome } = startUpload(c);
    await eventually(() => (caseDirectory(c.id).length > 0 ? true : undefined), 5_000);
    // A few bytes well within the idle time, for longer than the whole request may take.
    let answered = false;
    void outcome.then(() => (answered = true));
    const started = Date.now();
    while (!answered && Date.now() - started < REQUEST_TIMEOUT_MS * 4) {
      req.write(Buffer.alloc(16, 7));
      await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS / 4));
    }
    expect(await outcome).toEqual({ status: 408 });
    req.destroy();
    await eventually(() => (caseDirectory(c.id).length === 0 ? true : undefined), 5_000);
    expect(await db.evidenceFile.count({ where: { caseId: c.id } })).toBe(0);
  });

  it('still takes an upload that arrives in time', async () => {
    const c = await intake();
    const res = await t.http
      .post('/api/v1/intakes/evidence')
      .field('receiptNumber', c.receiptNumber)
      .field('accessCode', c.accessCode)
      .attach('file', SAMPLES.png, 'ok.png')
      .expect(201);
    expect(res.body.files).toHaveLength(1);
  });
});
