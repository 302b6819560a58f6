// Two API processes and two web processes on one database, each pair behind a round-robin reverse proxy (issue 19
// item 4): what a person or a counselor does through the proxies behaves as with one process of each. The intake
// limit is one allowance across both APIs, a retried intake is one case whichever API each try reaches, a signed-in
// counselor stays signed in while the two web processes take turns (also when both refresh the same access token
// at once), an evidence file stored through one API opens through the other (the shared S3-compatible store), and
// each notification e-mail goes out once although both APIs run the job queue. docs/deployment.md, section 5.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { TIntakeInput, TIntakeReceipt } from '@madoguchi/shared';
import { simpleParser } from 'mailparser';
import { decode, encode } from 'next-auth/jwt';
import { SMTPServer } from 'smtp-server';

import type { DbClient } from '../../../packages/db/src/client';
import {
  closeBrowser,
  createStaffUser,
  newPage,
  nextTotp,
  signInStaff,
  stackDatabase,
  type TStaffUser,
} from './harness';
import {
  SERVED_BY_HEADER,
  startReplicatedStack,
  type TReplicatedStack,
  type TRoundRobinProxy,
} from './harness/replicas';

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
// s3rver ships no types; this is the part of its API the test uses (as apps/api/test/evidence-store.e2e-spec.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

jest.setTimeout(90_000);

/** Intakes a client address may send per minute, on each API and (the point) on both together. */
const INTAKE_LIMIT = 4;
const BUCKET = 'madoguchi-two-replicas';
/** How long the test's mail server holds each mail: both APIs' job workers are then seen sending. */
const SMTP_HOLD_MS = 1_000;
const SESSION_COOKIE = 'next-auth.session-token';

type TMailSink = { port: number; received: { messageId: string; subject: string }[]; close(): Promise<void> };

/** An SMTP server in this process that keeps what it receives and answers each mail after SMTP_HOLD_MS. */
async function startMailSink(): Promise<TMailSink> {
  const received: TMailSink['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({ messageId: mail.messageId ?? '', subject: mail.subject ?? '' });
            setTimeout(() => callback(), SMTP_HOLD_MS);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Polls `check` until it returns something other than undefined, failing after `timeoutMs` with what `state`
 * says about the last look.
 */
async function eventually<T>(options: {
  what: string;
  check: () => Promise<T | undefined>;
  state?: () => Promise<unknown>;
  timeoutMs?: number;
}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await options.check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      const state = options.state ? `: ${JSON.stringify(await options.state())}` : '';
      throw new Error(`Timed out waiting for ${options.what}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type TReply = { status: number; servedBy: number; headers: Headers; body: unknown };

let stack: TReplicatedStack;
let s3: S3rverInstance;
let s3Data: string;
let sinks: TMailSink[];
let db: DbClient;
let counselor: TStaffUser;
let desk: TStaffUser;
let supervisor: TStaffUser;
const tag = `replicas-${randomBytes(4).toString('hex')}`;
/** The cases the limit test makes, for the later tests (their people reply; a counselor files evidence). */
const accepted: TIntakeReceipt[] = [];

/** A request to the API through its proxy, as from the client at `address`. */
async function api(
  method: string,
  route: string,
  options: { address: string; body?: unknown; headers?: Record<string, string> },
): Promise<TReply> {
  const response = await fetch(`${stack.apiProxy.url}/api/v1${route}`, {
    method,
    headers: {
      'x-forwarded-for': options.address,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    servedBy: Number(response.headers.get(SERVED_BY_HEADER)),
    headers: response.headers,
    body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

let clients = 0;
/** A client address of its own (TEST-NET-2, RFC 5737) per call, so each use's per-address limits are its own. */
function clientAddress(): string {
  clients += 1;
  return `198.51.100.${clients}`;
}

function intake(description: string): TIntakeInput {
  return {
    channel: 'web',
    description,
    answers: { paid: false, demandVia: ['web'] },
    contact: { preferred: 'none' },
  } satisfies TIntakeInput;
}

/** The staff member's API access token, signed in (password, then a code) through the API's proxy. */
async function accessToken(user: TStaffUser): Promise<string> {
  const address = clientAddress();
  const login = await api('POST', '/auth/login', {
    address,
    body: { email: user.email, password: user.password },
  });
  expect(login.status).toBe(200);
  const signedIn = await api('POST', '/auth/login/totp', {
    address,
    body: { mfaToken: (login.body as { mfaToken: string }).mfaToken, code: await nextTotp(user.secret) },
  });
  expect(signedIn.status).toBe(200);
  return (signedIn.body as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  s3Data = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-replicas-s3-'));
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Data,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const s3Port = (await s3.run()).port;
  // One mail server per API process, so the test knows which process sent each mail.
  sinks = [await startMailSink(), await startMailSink()];
  stack = await startReplicatedStack({
    apiEnv: (replica) => ({
      RATE_LIMIT_INTAKE_PER_MINUTE: String(INTAKE_LIMIT),
      // Both run the job queue (JOBS_MODE inline, the default): two workers competing for every job.
      JOBS_MODE: 'inline',
      JOBS_POLL_INTERVAL_SECONDS: '0.5',
      SMTP_URL: `smtp://127.0.0.1:${sinks[replica - 1]!.port}`,
      // Evidence in the store replicas share (docs/deployment.md, section 6), with s3rver's fixed credentials.
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    }),
  });
  db = stackDatabase(stack.databaseUrl);
  [counselor, desk, supervisor] = await Promise.all([
    createStaffUser('counselor', `${tag}-counselor`, `相談員 ${tag}`, stack.databaseUrl),
    createStaffUser('counselor', `${tag}-desk`, `受付 ${tag}`, stack.databaseUrl),
    createStaffUser('supervisor', `${tag}-supervisor`, `主任 ${tag}`, stack.databaseUrl),
  ]);
}, 90_000);

afterAll(async () => {
  await closeBrowser();
  await db?.$disconnect();
  await stack?.stop();
  await Promise.all(sinks?.map((sink) => sink.close()) ?? []);
  await s3?.close();
  if (s3Data) {
    await rm(s3Data, { recursive: true, force: true });
  }
});

describe('two API and two web processes behind round-robin proxies', () => {
  it('grants a client address one intake allowance across both APIs, not one per API', async () => {
    const address = clientAddress();
    const replies: TReply[] = [];
    for (let i = 0; i < INTAKE_LIMIT + 2; i++) {
      replies.push(
        await api('POST', '/intakes', { address, body: intake(`請求のSMSが届きました (${tag} ${i})`) }),
      );
    }
    const within = replies.slice(0, INTAKE_LIMIT);
    const beyond = replies.slice(INTAKE_LIMIT);
    expect(within.map((r) => r.status)).toEqual(Array(INTAKE_LIMIT).fill(201));
    // Both APIs took intakes, and both refuse the ones beyond the allowance: each counts the other's.
    expect(new Set(within.map((r) => r.servedBy))).toEqual(new Set([1, 2]));
    expect(beyond.map((r) => r.status)).toEqual([429, 429]);
    expect(new Set(beyond.map((r) => r.servedBy))).toEqual(new Set([1, 2]));
    for (const refused of beyond) {
      expect(refused.body).toMatchObject({ code: 'rate_limited' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The allowance is the client's: someone else sends meanwhile.
    expect(
      (await api('POST', '/intakes', { address: clientAddress(), body: intake('別の人の相談') })).status,
    ).toBe(201);
    accepted.push(...within.map((r) => r.body as TIntakeReceipt));
  });

  it('answers a retried intake with the first reply and one case, whichever API each try reaches', async () => {
    const address = clientAddress();
    const before = await db.case.count();
    const key = `replicas-retry-${randomUUID()}`;
    const body = intake(`送信ボタンを二度押しました (${tag})`);
    const first = await api('POST', '/intakes', { address, body, headers: { 'idempotency-key': key } });
    const retry = await api('POST', '/intakes', { address, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect([first.servedBy, retry.servedBy].sort()).toEqual([1, 2]);
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);

    // Two tries at the same moment, one on each API: still one case and one reply.
    const racedKey = `replicas-race-${randomUUID()}`;
    const racer = clientAddress();
    const raced = await Promise.all(
      [1, 2].map(() =>
        api('POST', '/intakes', { address: racer, body, headers: { 'idempotency-key': racedKey } }),
      ),
    );
    expect(raced.map((r) => r.servedBy).sort()).toEqual([1, 2]);
    expect(raced.map((r) => r.status)).toEqual([201, 201]);
    expect(raced[1]!.body).toEqual(raced[0]!.body);
    expect((raced[0]!.body as TIntakeReceipt).receiptNumber).not.toBe(
      (first.body as TIntakeReceipt).receiptNumber,
    );
    expect(await db.case.count()).toBe(before + 2);
  });

  it('keeps a counselor signed in while the web processes take turns, also when both refresh the token at once', async () => {
    const page = await newPage({ baseURL: stack.webProxy.url, viewport: { width: 1280, height: 900 } });
    const signInStarts = stack.webProxy.forwarded.length;
    await signInStaff(page, counselor, '/cases');
    // The sign-in's own steps (the page, the password, the code) were answered by both web processes.
    const signInSteps = stack.webProxy.forwarded
      .slice(signInStarts)
      .filter((r) => !r.path.startsWith('/_next/'));
    expect(new Set(signInSteps.map((r) => r.backend))).toEqual(new Set([1, 2]));
    await page.getByRole('heading', { level: 1, name: /相談一覧/ }).waitFor();
    // A case taken by either API is in the queue.
    await page.getByText(accepted[0]!.receiptNumber).first().waitFor();

    // From here single requests with the browser's cookies, so each is the proxy's next turn; the page goes quiet
    // first (its scripts prefetch through the proxy too).
    await page.goto('about:blank');
    await quiet(stack.webProxy);
    const context = page.context();
    /** The queue, twice in a row: one answer from each web process, both the signed-in page. */
    const queueFromBothWebs = async () => {
      const answers = [];
      for (const _ of [1, 2]) {
        const answer = await page.request.get('/cases', { maxRedirects: 0 });
        answers.push({
          servedBy: answer.headers()[SERVED_BY_HEADER],
          status: answer.status(),
          queue: (await answer.text()).includes(accepted[0]!.receiptNumber),
        });
      }
      expect(answers.map((a) => a.servedBy).sort()).toEqual(['1', '2']);
      expect(answers.map(({ status, queue }) => ({ status, queue }))).toEqual([
        { status: 200, queue: true },
        { status: 200, queue: true },
      ]);
    };
    await queueFromBothWebs();

    // Fifteen minutes on, the access token is about to expire: as it would then be, the cookie says it runs out
    // in a minute (inside the web's refresh margin), and two requests carrying it reach the two web processes at
    // once. Each refreshes the same refresh token with the API (web processes share no memory).
    const cookie = (await context.cookies(stack.webProxy.url)).find((c) => c.name === SESSION_COOKIE)!;
    const secret = stack.secrets.nextauthSecret;
    const session = (await decode({ token: cookie.value, secret }))!;
    const aged = await encode({ token: { ...session, accessExpiresAt: Date.now() + 60_000 }, secret });
    await context.addCookies([{ ...cookie, value: aged }]);
    const refreshesBefore = refreshes();
    const together = await Promise.all([1, 2].map(() => page.request.get('/cases', { maxRedirects: 0 })));
    expect(together.map((r) => r.headers()[SERVED_BY_HEADER]).sort()).toEqual(['1', '2']);
    expect(together.map((r) => r.status())).toEqual([200, 200]);
    expect(refreshes() - refreshesBefore).toBe(2);

    // Both got the same successor tokens (the API's grace window), so neither answer ends the session…
    const renewed = (await decode({
      token: (await context.cookies(stack.webProxy.url)).find((c) => c.name === SESSION_COOKIE)!.value,
      secret,
    }))!;
    expect(renewed.accessToken).not.toBe(session.accessToken);
    expect(renewed.accessExpiresAt as number).toBeGreaterThan(Date.now() + 10 * 60_000);
    const sessions = await db.session.findMany({ where: { userId: counselor.id } });
    expect(sessions.map((s) => s.revokedAt)).toEqual([null]);
    expect(await db.auditLog.count({ where: { action: 'auth.refresh_replayed' } })).toBe(0);

    // …and the counselor goes on working on both web processes without another refresh, in the browser too.
    await queueFromBothWebs();
    expect(refreshes() - refreshesBefore).toBe(2);
    await page.goto('/cases');
    await page.getByRole('heading', { level: 1, name: /相談一覧/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cases');
  });

  it('opens an evidence file through either API, whichever stored it', async () => {
    const token = await accessToken(desk);
    const target = await db.case.findUniqueOrThrow({
      where: { receiptNumber: accepted[0]!.receiptNumber },
      select: { id: true },
    });
    const content = Buffer.from(`電話で聞き取ったメモ (${tag})\n`);
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/plain' }), 'memo.txt');
    const upload = await fetch(`${stack.apiProxy.url}/api/v1/cases/${target.id}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': clientAddress() },
      body: form,
    });
    expect(upload.status).toBe(201);
    const [file] = ((await upload.json()) as { files: { id: string }[] }).files;

    // No virus scanner in the browser stack: the verdict is set as the scan job would set it (the scanning
    // itself is tested in apps/api's evidence tests).
    await db.evidenceFile.update({
      where: { id: file!.id },
      data: { scanState: 'clean', scannedAt: new Date() },
    });
    const downloads = await Promise.all(
      [1, 2].map(() =>
        fetch(`${stack.apiProxy.url}/api/v1/cases/${target.id}/evidence/${file!.id}/content`, {
          headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': clientAddress() },
        }),
      ),
    );
    expect(downloads.map((d) => d.headers.get(SERVED_BY_HEADER)).sort()).toEqual(['1', '2']);
    expect(downloads.map((d) => d.status)).toEqual([200, 200]);
    for (const download of downloads) {
      expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
    }
  });

  it('sends each notification e-mail once although both APIs run the job queue', async () => {
    // Each person answers the desk; their cases are unassigned, so the supervisor is notified, by e-mail too.
    for (const [i, receipt] of accepted.entries()) {
      const reply = await api('POST', '/intakes/status/replies', {
        address: clientAddress(),
        body: {
          receiptNumber: receipt.receiptNumber,
          accessCode: receipt.accessCode,
          body: `追加の連絡です ${i}`,
        },
      });
      expect(reply.status).toBe(201);
    }
    const mails = await eventually({
      what: 'the notification e-mails to be sent',
      check: async () => {
        const rows = await db.mailOutbox.findMany({ where: { toAddress: supervisor.email } });
        return rows.length === accepted.length && rows.every((row) => row.status === 'sent')
          ? rows
          : undefined;
      },
      state: async () => ({
        mails: await db.mailOutbox.findMany({ select: { status: true, attempts: true, lastError: true } }),
        jobs: await db.$queryRaw`SELECT name, state, retry_count FROM pgboss.job WHERE name = 'notifications.send-mail'`,
        received: sinks.map((sink) => sink.received.length),
      }),
    });
    // A duplicate would come from a second run of a job: give one a moment to show before counting.
    await new Promise((resolve) => setTimeout(resolve, SMTP_HOLD_MS + 500));

    const received = sinks.flatMap((sink) => sink.received);
    expect(received.map((mail) => mail.messageId).sort()).toEqual(
      mails.map((mail) => `<${mail.id}@madoguchi.notifications>`).sort(),
    );
    expect(mails.map((mail) => mail.attempts)).toEqual(mails.map(() => 1));
    for (const receipt of accepted) {
      expect(received.filter((mail) => mail.subject.includes(receipt.receiptNumber))).toHaveLength(1);
    }
    // Both processes' workers sent some: while one waits on the mail server, the other takes the next job.
    expect(sinks.map((sink) => sink.received.length > 0)).toEqual([true, true]);
  });
});

/** Resolves once the proxy has forwarded nothing for half a second (at most a few seconds). */
async function quiet(proxy: TRoundRobinProxy): Promise<void> {
  const deadline = Date.now() + 5_000;
  let seen = -1;
  while (seen !== proxy.forwarded.length && Date.now() < deadline) {
    seen = proxy.forwarded.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Refresh calls the web processes made to the API (through its proxy). */
function refreshes(): number {
  return stack.apiProxy.forwarded.filter((request) => request.path === '/api/v1/auth/refresh').length;
}
