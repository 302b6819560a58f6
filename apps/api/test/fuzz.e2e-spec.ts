import fc from 'fast-check';
import { Secret } from 'otpauth';
import { createDbClient } from '@madoguchi/db';
import { routeTable } from '../src/common/route-table';
import { PartnerLinkTokens } from '../src/modules/referrals/partner-link-tokens';
import { createStaff, staffHeaders, totpCode } from './auth-helpers';
import { publicEndpoints, type FuzzContext } from './fuzz/endpoints';
import { describeRequest, toInject, type FuzzRequest, type InjectOptions } from './fuzz/requests';
import { replyProblem } from './fuzz/responses';
import { createTestApp, type TestApp } from './test-app';

/*
 * The fuzz battery of the public endpoints (everything reachable without a staff session): per endpoint
 * FUZZ_RUNS (default 1,000) generated requests, in-process through Fastify's inject. Every reply must be
 * below 500; every error must carry the common body { code, message: { ja, en }, details, requestId };
 * every success must match the endpoint's response schema.
 *
 * Deterministic: the seed is fixed (FUZZ_SEED overrides it), so a failure repeats. On a failure fast-check
 * shrinks the request to the smallest one that still fails and the message shows it, with the seed and
 * the path to replay exactly that case (FUZZ_SEED=… FUZZ_PATH=…).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const REPLAY_PATH = process.env.FUZZ_PATH;

let t: TestApp;
let ctx: FuzzContext;

beforeAll(async () => {
  // Per-IP limits would answer 429 long before the battery ends; their own tests use their real values.
  t = await createTestApp({
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000000',
    RATE_LIMIT_PREVIEW_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    SIGN_IN_ATTEMPTS_PER_SECOND: '10000',
    SIGN_IN_BURST: '10000',
    RATE_LIMIT_PARTNER_PER_MINUTE: '1000000',
  });
  const staff = await createStaff('counselor');
  const totpSecret = new Secret({ size: 20 }).base32;
  const totpStaff = await createStaff('supervisor', { totpSecret });
  const signedIn = await t.http
    .post('/api/v1/auth/login')
    .send({ email: staff.email, password: staff.password });
  const pending = await t.http
    .post('/api/v1/auth/login')
    .send({ email: totpStaff.email, password: totpStaff.password });
  const intake = await t.http.post('/api/v1/intakes').send({ description: 'フィッシングのSMSが来ました' });
  // Its own case for replies: the status battery's wrong codes put the first one's receipt under back-off.
  const forReplies = await t.http.post('/api/v1/intakes').send({ description: '架空請求のメールが来ました' });
  const forEvidence = await t.http
    .post('/api/v1/intakes')
    .send({ description: '脅迫のDMのスクショがあります' });
  const forExport = await t.http
    .post('/api/v1/intakes')
    .send({ description: '偽の通販サイトで支払いました' });
  const forRequests = await t.http
    .post('/api/v1/intakes')
    .send({ description: 'SNSで脅されています。名前の訂正をお願いしたいです' });
  ctx = {
    staff,
    totpStaff,
    totpCode: () => totpCode(totpSecret),
    receipt: { receiptNumber: intake.body.receiptNumber, accessCode: intake.body.accessCode },
    replyReceipt: { receiptNumber: forReplies.body.receiptNumber, accessCode: forReplies.body.accessCode },
    evidenceReceipt: {
      receiptNumber: forEvidence.body.receiptNumber,
      accessCode: forEvidence.body.accessCode,
    },
    exportReceipt: { receiptNumber: forExport.body.receiptNumber, accessCode: forExport.body.accessCode },
    requestReceipt: {
      receiptNumber: forRequests.body.receiptNumber,
      accessCode: forRequests.body.accessCode,
    },
    mfaToken: pending.body.mfaToken,
    refreshToken: signedIn.body.refreshToken,
    windowSlug: 'childline',
    partnerToken: await sentReferralToken(intake.body.receiptNumber),
  };
  expect(ctx.mfaToken).toEqual(expect.any(String));
  expect(ctx.refreshToken).toEqual(expect.any(String));
  expect(ctx.receipt.accessCode).toEqual(expect.any(String));
}, 60_000);

/** Sends a referral of the intake's case and returns its partner link's token (as the letter prints it). */
async function sentReferralToken(receiptNumber: string): Promise<string> {
  const counselor = await staffHeaders(t, 'counselor');
  const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
  try {
    const { id: caseId } = await db.case.findUniqueOrThrow({ where: { receiptNumber } });
    const draft = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'consumer-188',
        reason: 'fuzz battery',
        method: 'letter',
        consent: { givenBy: 'client', fields: ['categories'] },
      })
      .expect(201);
    await t.http
      .post(`/api/v1/referrals/${draft.body.id}/status`)
      .set(counselor.headers)
      .send({ to: 'sent', version: draft.body.version })
      .expect(200);
    const link = await db.referralLink.findFirstOrThrow({ where: { referralId: draft.body.id } });
    return t.app.get(PartnerLinkTokens).token(link.id, link.keyId)!;
  } finally {
    await db.$disconnect();
  }
}

afterAll(async () => {
  if (process.env.FUZZ_REPORT) {
    const lines = [...seen].map(
      ([endpoint, counts]) =>
        `${endpoint}: ${[...counts]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, n]) => `${k} ×${n}`)
          .join(', ')}`,
    );
    process.stdout.write(`\nFuzz replies (seed ${SEED}):\n${lines.join('\n')}\n`);
    if (process.env.FUZZ_REPORT === 'samples') {
      process.stdout.write([...samples].map(([key, text]) => `\n## ${key}\n${text}`).join('\n'));
    }
  }
  await t.close();
});

class ReplyProblem extends Error {}

/** Replies seen per endpoint, by status and code: proof that the battery reached past the parser. */
const seen = new Map<string, Map<string, number>>();
/** One request per endpoint and reply kind, shown with FUZZ_REPORT=samples. */
const samples = new Map<string, string>();

function tally(endpoint: string, status: number, body: string, request: FuzzRequest): void {
  let code = '';
  try {
    code = (JSON.parse(body) as { code?: string }).code ?? '';
  } catch {
    // Counted under the bare status; the check below reports it.
  }
  const key = code ? `${status} ${code}` : String(status);
  const counts = seen.get(endpoint) ?? new Map<string, number>();
  counts.set(key, (counts.get(key) ?? 0) + 1);
  if (!samples.has(`${endpoint} ${key}`)) {
    samples.set(`${endpoint} ${key}`, describeRequest(request).slice(0, 400));
  }
  seen.set(endpoint, counts);
}

async function send(
  endpoint: string,
  request: FuzzRequest,
  success: Parameters<typeof replyProblem>[1],
): Promise<void> {
  const reply = await t.app.inject(toInject(request));
  tally(endpoint, reply.statusCode, reply.body, request);
  const problem = replyProblem(
    { statusCode: reply.statusCode, headers: reply.headers, body: reply.body },
    success,
  );
  if (problem) {
    const body = reply.body.length > 1000 ? `${reply.body.slice(0, 1000)}…` : reply.body;
    throw new ReplyProblem(`${problem}\n--- request\n${describeRequest(request)}\n--- reply\n${body}`);
  }
}

describe('what the fuzz battery found, kept as plain cases', () => {
  const json = { 'content-type': 'application/json' };
  const found: { name: string; request: InjectOptions; status: number; code: string }[] = [
    // A NUL reached PostgreSQL (the status and sign-in back-off look-ups) and failed as a 500.
    {
      name: 'a NUL in the receipt number',
      request: {
        method: 'POST',
        url: '/api/v1/intakes/status',
        headers: json,
        payload: '{"receiptNumber":"\\u0000","accessCode":"RDJKF-2QPSJ"}',
      },
      status: 400,
      code: 'validation_failed',
    },
    {
      name: 'a NUL in a sign-in e-mail address',
      request: {
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: json,
        payload: '{"email":"a\\u0000@b.jp","password":"x"}',
      },
      status: 400,
      code: 'validation_failed',
    },
    {
      name: 'a NUL in a query value',
      request: { method: 'GET', url: '/api/v1/windows?category=%00', headers: {} },
      status: 400,
      code: 'validation_failed',
    },
    // A path parameter past Fastify's length limit was a 414 whose code said 400 (bad_request).
    {
      name: 'a 2,000-character window slug',
      request: { method: 'GET', url: `/api/v1/windows/${'a'.repeat(2000)}`, headers: {} },
      status: 414,
      code: 'uri_too_long',
    },
  ];

  it.each(found)('$name: $status $code with the common body', async ({ request, status, code }) => {
    const reply = await t.app.inject(request);
    expect(reply.statusCode).toBe(status);
    expect(reply.json()).toEqual({
      code,
      message: { ja: expect.any(String), en: expect.any(String) },
      details: expect.any(Object),
      requestId: reply.headers['x-request-id'],
    });
  });
});

describe('fuzz battery of the public endpoints', () => {
  // The list is built lazily (it needs the credentials made in beforeAll), but the names are fixed here.
  const names = [
    'POST /intakes',
    'POST /intakes/status',
    'POST /intakes/status/replies',
    'POST /intakes/status/export',
    'POST /intakes/status/requests',
    'POST /intakes/evidence',
    'POST /triage/preview',
    'POST /auth/login',
    'POST /auth/login/totp',
    'POST /auth/refresh',
    'GET /windows',
    'GET /windows/:slug',
    'GET /health/live',
    'GET /health/ready',
    'GET /partner-links/:token',
    'GET /partner-links/:token/evidence/:fileId',
    'POST /partner-links/:token/acknowledge',
    'POST /partner-links/:token/complete',
    'POST /partner-links/:token/decline',
  ];

  it.each(names)(
    `%s: ${RUNS} requests, no 5xx, common error bodies, schema-valid successes`,
    async (name) => {
      const endpoint = publicEndpoints(ctx).find((e) => e.name === name);
      expect(endpoint).toBeDefined();
      await fc.assert(
        fc.asyncProperty(endpoint!.requests, (request) => send(name, request, endpoint!.success)),
        { seed: SEED, numRuns: RUNS, path: REPLAY_PATH, endOnFailure: false },
      );
      if (REPLAY_PATH === undefined) {
        const kinds = [...(seen.get(name)?.keys() ?? [])];
        const missing = endpoint!.mustSee.filter(
          (kind) => !kinds.some((seenKind) => seenKind.startsWith(kind)),
        );
        expect({ endpoint: name, missing }).toEqual({ endpoint: name, missing: [] });
      }
    },
    180_000,
  );

  it('covers every public route of the app (a new public route needs a line above)', () => {
    const routes = routeTable(t.app)
      .filter((route) => route.audiences?.includes('public'))
      .map((route) => `${route.method} ${route.path.replace(/^\/api\/v1/, '')}`);
    expect(routes.sort()).toEqual([...names].sort());
  });
});
