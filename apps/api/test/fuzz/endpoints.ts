import {
  CALLER_RELATIONS,
  DEMAND_VIA_CODES,
  INTAKE_CHANNELS,
  PREFECTURE_CODES,
  TROUBLE_CATEGORY_CODES,
  type TIntakeDraftInput,
  type TIntakeInput,
} from '@madoguchi/shared';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  bodyArbitrary,
  contentType,
  printable,
  extraHeaders,
  pathSegment,
  queryArbitrary,
  type FuzzBody,
  type FuzzRequest,
  type HttpMethod,
} from './requests';
import {
  ZHealthLive,
  ZHealthReady,
  ZIntakeReceipt,
  ZPartnerLinkAnswer,
  ZPartnerLinkView,
  ZIntakeStatus,
  ZLoginReply,
  ZRefreshReply,
  ZSignedIn,
  ZTriageResult,
  ZWindowView,
} from './responses';
import { ZEvidenceUploadReply, ZPersonDataExport } from '@madoguchi/shared';
import { SAMPLES } from '../fixtures/evidence-samples';
import { nastyString } from './values';

/** Real credentials made before the run, so valid bodies reach the code behind validation. */
export type FuzzContext = {
  staff: { email: string; password: string };
  totpStaff: { email: string; password: string };
  /** The current TOTP code of totpStaff (valid for its 30-second step and the one after). */
  totpCode: () => string;
  receipt: { receiptNumber: string; accessCode: string };
  /** Another case's pair, used only by the replies battery (so the status battery's back-off does not block it). */
  replyReceipt: { receiptNumber: string; accessCode: string };
  /** Another case's pair, for the evidence upload battery. */
  evidenceReceipt: { receiptNumber: string; accessCode: string };
  /** Cases of their own for the person's data download and requests batteries (their own back-off). */
  exportReceipt: { receiptNumber: string; accessCode: string };
  requestReceipt: { receiptNumber: string; accessCode: string };
  /** A pending TOTP step's token, and a live session's refresh token. */
  mfaToken: string;
  refreshToken: string;
  windowSlug: string;
  /** A sent referral's partner link token, as printed on its letter. */
  partnerToken: string;
};

export type Endpoint = {
  name: string;
  /** Requests for this endpoint; every one is checked. */
  requests: fc.Arbitrary<FuzzRequest>;
  /** Response schema per success status. */
  success: Partial<Record<number, z.ZodType>>;
  /**
   * Reply kinds ("201", "400 validation_failed"…, as prefixes) the run must have produced: proof that the
   * requests got past the parser to validation and to the service, not only bounced at the door.
   */
  mustSee: readonly string[];
};

/** What every JSON endpoint's run shows: successes, field errors, broken JSON, wrong types, too large. */
const POST_KINDS = [
  '2',
  '400 validation_failed',
  '400 invalid_json',
  '413 payload_too_large',
  '415',
] as const;

const PREFIX = '/api/v1';

/* ------------------------------------------------------------------------ valid bodies */

const DESCRIPTIONS = [
  'アダルトサイトで動画を再生したら「登録完了」と出て、退会料9万円を請求されました。',
  '副業で稼げると言われて、先に3万円を振り込みました。連絡がとれません。',
  'SNSで知り合った人に写真を送ったら、ばらまくと脅されています。',
  '宅配業者を名乗るSMSのリンクを押して、IDとパスワードを入れてしまいました。',
  '裁判所から「訴状」が届きました。本物かどうかわかりません。',
  'I paid 50,000 yen for a job offer on Instagram and now they ask for more.',
  'ﾄｳﾛｸ ｶﾝﾘｮｳ と出て消えません',
  '小4の娘がゲームのチャットで悪口を言われています',
];

const someText = (max: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);

const intakeShape = {
  channel: fc.constantFrom(...INTAKE_CHANNELS),
  category: fc.constantFrom(...TROUBLE_CATEGORY_CODES),
  answers: fc.record(
    {
      paid: fc.boolean(),
      amountRequestedYen: fc.integer({ min: 0, max: 10_000_000_000 }),
      amountPaidYen: fc.integer({ min: 0, max: 1_000_000 }),
      personalInfoGiven: fc.boolean(),
      threatened: fc.boolean(),
      inDangerNow: fc.boolean(),
      courtPapersReceived: fc.boolean(),
      demandVia: fc.uniqueArray(fc.constantFrom(...DEMAND_VIA_CODES), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  caller: fc.record({ relation: fc.constantFrom(...CALLER_RELATIONS) }),
  person: fc.record(
    { age: fc.integer({ min: 0, max: 120 }), prefecture: fc.constantFrom(...PREFECTURE_CODES) },
    { requiredKeys: [] },
  ),
  identifiers: fc.record(
    {
      phones: fc.array(
        fc.constantFrom('090-1234-5678', '０３－１２３４－５６７８', '+81 90 8765 4321', '0120-00-0000'),
        {
          maxLength: 3,
        },
      ),
      urls: fc.array(fc.constantFrom('https://example.com/pay', 'HTTP://Example.COM:80/x#y', 'example.jp'), {
        maxLength: 2,
      }),
      emails: fc.array(fc.constantFrom('scam@example.com', 'ＳＣＡＭ@example.jp'), { maxLength: 2 }),
      names: fc.array(someText(40), { maxLength: 2 }),
      bankAccounts: fc.array(fc.constantFrom('三井住友 新宿 普通 1234567'), { maxLength: 1 }),
    },
    { requiredKeys: [] },
  ),
  contact: fc.constantFrom(
    { preferred: 'none' as const },
    { preferred: 'phone' as const, phone: '090-1111-2222' },
    { preferred: 'email' as const, email: 'me@example.jp', name: '山田' },
  ),
  consentToShare: fc.boolean(),
};

const description = fc.oneof(fc.constantFrom(...DESCRIPTIONS), someText(300));

const validIntake: fc.Arbitrary<TIntakeInput> = fc.record(
  { ...intakeShape, description },
  { requiredKeys: ['description'] },
);
const validDraft: fc.Arbitrary<TIntakeDraftInput> = fc.record(
  { ...intakeShape, description: fc.oneof(description, fc.constant('')) },
  { requiredKeys: [] },
);

const readable = (length: number, group: number) =>
  fc
    .string({
      unit: fc.constantFrom(...'23456789ABCDEFGHJKLMNPQRSTUVWXYZ'),
      minLength: length,
      maxLength: length,
    })
    .map((code) => code.match(new RegExp(`.{1,${group}}`, 'g'))!.join('-'));

/** None, a fresh key, one key reused across different bodies (409), or malformed ones (400). */
const idempotencyKey: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.uuid().map((key) => ({ 'idempotency-key': key })) },
  { weight: 1, arbitrary: fc.constant({ 'idempotency-key': 'fuzz-reused-key-0001' }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '',
        'short',
        'a b c d e f g h',
        'x'.repeat(201),
        '%00%00%00%00',
        '"quoted-key"',
        '\t\t\t\t\t\t\t\t',
      )
      .map((key) => ({ 'idempotency-key': key })),
  },
);

/* ------------------------------------------------------------------------ request shapes */

type PostOptions = {
  name: string;
  /** The path after /api/v1, or paths to mix (a path parameter fuzzed). */
  path: string | fc.Arbitrary<string>;
  valid: fc.Arbitrary<unknown>;
  success: Endpoint['success'];
  /** Headers of the endpoint's own (Idempotency-Key), mixed into the generic ones. */
  headers?: fc.Arbitrary<Record<string, string>>;
  mustSee?: readonly string[];
};

/** A JSON endpoint: fuzzed bodies, content types, headers, now and then a query string or another method. */
function postEndpoint({
  name,
  path,
  valid,
  success,
  headers = fc.constant({}),
  mustSee = POST_KINDS,
}: PostOptions): Endpoint {
  const request = fc
    .record({
      method: fc.oneof(
        { weight: 30, arbitrary: fc.constant<HttpMethod>('POST') },
        fc.constantFrom<HttpMethod>('PUT', 'PATCH', 'DELETE', 'GET'),
      ),
      query: fc.oneof({ weight: 9, arbitrary: fc.constant('') }, queryArbitrary(['q'], ['x'])),
      contentType,
      headers: fc.tuple(extraHeaders, headers).map(([generic, own]) => ({ ...generic, ...own })),
      body: bodyArbitrary(valid),
      path: typeof path === 'string' ? fc.constant(path) : path,
    })
    .map((r) =>
      printable({ ...r, path: `${PREFIX}${r.path}`, body: r.method === 'GET' ? { kind: 'none' } : r.body }),
    );
  return { name, requests: request, success, mustSee };
}

type GetOptions = {
  name: string;
  path: fc.Arbitrary<string>;
  keys: readonly string[];
  values: readonly string[];
  success: Endpoint['success'];
  mustSee: readonly string[];
};

/** A GET endpoint: the query string and the path are what is fuzzed; sometimes a body is sent anyway. */
function getEndpoint({ name, path, keys, values, success, mustSee }: GetOptions): Endpoint {
  const strayBody = fc.oneof(
    { weight: 9, arbitrary: fc.constant<FuzzBody>({ kind: 'none' }) },
    bodyArbitrary(fc.constant({ category: 'phishing' })),
  );
  const request = fc
    .record({
      method: fc.oneof(
        { weight: 30, arbitrary: fc.constant<HttpMethod>('GET') },
        fc.constantFrom<HttpMethod>('POST', 'PUT', 'DELETE'),
      ),
      path,
      query: queryArbitrary(keys, values),
      headers: extraHeaders,
      body: strayBody,
      contentType: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, contentType),
    })
    .map((r) => printable({ ...r, path: `${PREFIX}${r.path}` }));
  return { name, requests: request, success, mustSee };
}

/* ------------------------------------------------------------------------ the public endpoints */

/** A multipart file's content: accepted formats, refused ones (zip, NUL bytes), empty, and fuzzed text. */
const evidenceContent = fc.oneof(
  fc.constantFrom(
    SAMPLES.png,
    SAMPLES.pdf,
    SAMPLES.zip,
    Buffer.from('SMSの本文:未納料金があります'),
    Buffer.from('From: a@example.jp\r\nSubject: x\r\n\r\nbody'),
    Buffer.alloc(0),
    Buffer.from([0x41, 0, 0xff]),
  ),
  someText(200).map((text) => Buffer.from(text)),
);

/**
 * The evidence upload: multipart bodies with the credentials (the battery's own valid pair, or an unknown
 * receipt, never the valid receipt with a wrong code, which would put it under back-off), files of every kind
 * with fuzzed names, fields in the wrong order, and bodies cut off at a random point or with a wrong boundary.
 */
function evidenceEndpoint(ctx: FuzzContext): Endpoint {
  const boundary = 'fuzz-boundary-7f3a';
  const credentials = fc.oneof(
    { weight: 4, arbitrary: fc.constant(ctx.evidenceReceipt) },
    fc.record({ receiptNumber: readable(8, 4), accessCode: readable(10, 5) }),
    fc.constant(undefined),
  );
  const file = fc.record({
    name: fc.oneof(fc.constantFrom('a.png', '../../etc/passwd', 'x.txt', ''), someText(60)),
    content: evidenceContent,
  });
  const body = fc
    .record({
      credentials,
      filesFirst: fc.boolean(),
      files: fc.array(file, { maxLength: 3 }),
      cut: fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, fc.double({ min: 0, max: 1, noNaN: true })),
      closing: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
    })
    .map(({ credentials, filesFirst, files, cut, closing }): FuzzBody => {
      const fields = credentials
        ? Object.entries(credentials).map(([name, value]) =>
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
            ),
          )
        : [];
      const parts = files.map((f) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name.replace(/["\r\n]/g, '_')}"\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          ),
          f.content,
          Buffer.from('\r\n'),
        ]),
      );
      const whole = Buffer.concat([
        ...(filesFirst ? [...parts, ...fields] : [...fields, ...parts]),
        Buffer.from(closing ? `--${boundary}--\r\n` : ''),
      ]);
      return { kind: 'bytes', bytes: [...whole.subarray(0, Math.floor(whole.length * cut))] };
    });
  const request = fc
    .record({
      method: fc.oneof(
        { weight: 30, arbitrary: fc.constant<HttpMethod>('POST') },
        fc.constantFrom<HttpMethod>('PUT', 'GET'),
      ),
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant(`multipart/form-data; boundary=${boundary}`) },
        fc.constantFrom('multipart/form-data; boundary=other', 'multipart/form-data', 'application/json'),
        contentType,
      ),
      headers: extraHeaders,
      body,
    })
    .map((r) =>
      printable({
        ...r,
        path: `${PREFIX}/intakes/evidence`,
        query: '',
        body: r.method === 'GET' ? { kind: 'none' } : r.body,
      }),
    );
  return {
    name: 'POST /intakes/evidence',
    requests: request,
    success: { 201: ZEvidenceUploadReply },
    mustSee: ['201', '400', '404 not_found', '415'],
  };
}

export function publicEndpoints(ctx: FuzzContext): Endpoint[] {
  // Each new unknown address costs a decoy argon2id verification (~50 ms): a few fixed ones, and rarely a fresh one.
  const email = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        ctx.staff.email,
        ctx.totpStaff.email,
        ctx.staff.email.toUpperCase(),
        ` ${ctx.staff.email} `,
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom('nobody@desk.example.jp', 'ａｄｍｉｎ@madoguchi.local', 'a@b') },
    { weight: 1, arbitrary: fc.emailAddress() },
  );
  const password = fc.oneof(fc.constantFrom(ctx.staff.password, ctx.totpStaff.password), someText(64));
  const token = fc.oneof(
    fc.constantFrom(ctx.mfaToken, ctx.refreshToken),
    fc.base64String({ minLength: 20, maxLength: 200 }),
    nastyString,
  );
  const windowCategories = [...TROUBLE_CATEGORY_CODES];
  // The live link most of the time (so bodies reach the service), else forged, malformed or odd tokens.
  const partnerToken = fc.oneof(
    { weight: 6, arbitrary: fc.constant(ctx.partnerToken) },
    fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      minLength: 43,
      maxLength: 43,
    }),
    pathSegment,
  );
  const partnerPath = (action: string) => partnerToken.map((token) => `/partner-links/${token}/${action}`);
  const partnerNote = (max: number) => fc.oneof(fc.constantFrom('受け付けました。担当: 佐藤'), someText(max));
  return [
    evidenceEndpoint(ctx),
    postEndpoint({
      name: 'POST /intakes',
      path: '/intakes',
      valid: validIntake,
      success: { 201: ZIntakeReceipt },
      headers: idempotencyKey,
    }),
    postEndpoint({
      name: 'POST /intakes/status',
      path: '/intakes/status',
      valid: fc.record({
        receiptNumber: fc.oneof(
          fc.constantFrom(
            ctx.receipt.receiptNumber,
            ctx.receipt.receiptNumber.toLowerCase().replace('-', ''),
          ),
          readable(8, 4),
        ),
        accessCode: fc.oneof(fc.constant(ctx.receipt.accessCode), readable(10, 5)),
      }),
      success: { 200: ZIntakeStatus },
    }),
    postEndpoint({
      name: 'POST /intakes/status/replies',
      path: '/intakes/status/replies',
      valid: fc.record({
        receiptNumber: fc.oneof(fc.constant(ctx.replyReceipt.receiptNumber), readable(8, 4)),
        accessCode: fc.oneof(fc.constant(ctx.replyReceipt.accessCode), readable(10, 5)),
        body: fc.oneof(fc.constantFrom('また連絡が来ました。', 'I got another message.'), someText(4000)),
      }),
      success: { 201: ZIntakeStatus },
      headers: idempotencyKey,
    }),
    postEndpoint({
      name: 'POST /intakes/status/export',
      path: '/intakes/status/export',
      // JSON only: the PDF is a file, checked by person-requests.e2e-spec.ts; here every reply must be JSON.
      valid: fc.record({
        receiptNumber: fc.oneof(fc.constant(ctx.exportReceipt.receiptNumber), readable(8, 4)),
        accessCode: fc.oneof(fc.constant(ctx.exportReceipt.accessCode), readable(10, 5)),
        format: fc.constant('json'),
      }),
      success: { 200: ZPersonDataExport },
    }),
    postEndpoint({
      name: 'POST /intakes/status/requests',
      path: '/intakes/status/requests',
      valid: fc.record(
        {
          receiptNumber: fc.oneof(fc.constant(ctx.requestReceipt.receiptNumber), readable(8, 4)),
          accessCode: fc.oneof(fc.constant(ctx.requestReceipt.accessCode), readable(10, 5)),
          kind: fc.oneof({ weight: 9, arbitrary: fc.constant('correction') }, fc.constant('deletion')),
          text: fc.oneof(fc.constantFrom('電話番号が違います。', 'My name is misspelled.'), someText(2000)),
        },
        { requiredKeys: ['receiptNumber', 'accessCode', 'kind'] },
      ),
      success: { 201: ZIntakeStatus },
    }),
    postEndpoint({
      name: 'POST /triage/preview',
      path: '/triage/preview',
      valid: validDraft,
      success: { 200: ZTriageResult },
    }),
    postEndpoint({
      name: 'POST /auth/login',
      path: '/auth/login',
      valid: fc.record({ email, password }),
      success: { 200: ZLoginReply },
    }),
    postEndpoint({
      name: 'POST /auth/login/totp',
      path: '/auth/login/totp',
      valid: fc.oneof(
        fc.record({
          mfaToken: token,
          code: fc.oneof(
            fc.stringMatching(/^\d{6}$/),
            // The current code (not reproducible by seed, as time moves; a wrong one is, and is the rest).
            fc.constant(null).map(() => ctx.totpCode()),
          ),
        }),
        fc.record({ mfaToken: token, recoveryCode: fc.string({ minLength: 8, maxLength: 40 }) }),
      ),
      success: { 200: ZSignedIn },
      // A right code needs the one pending token before the wrong ones lock it: a success is not guaranteed.
      mustSee: POST_KINDS.filter((kind) => kind !== '2'),
    }),
    postEndpoint({
      name: 'POST /auth/refresh',
      path: '/auth/refresh',
      valid: fc.record({ refreshToken: token }),
      success: { 200: ZRefreshReply },
    }),
    getEndpoint({
      name: 'GET /windows',
      path: fc.oneof({ weight: 9, arbitrary: fc.constant('/windows') }, fc.constant('/windows/')),
      keys: ['category', 'openNow', 'includeInactive'],
      values: [...windowCategories, 'true', 'false'],
      success: { 200: ZWindowView.array() },
      mustSee: ['200', '400 validation_failed', '403 forbidden'],
    }),
    getEndpoint({
      name: 'GET /windows/:slug',
      path: fc
        .oneof({ weight: 2, arbitrary: fc.constantFrom(ctx.windowSlug, 'no-such-window') }, pathSegment)
        .map((slug) => `/windows/${slug}`),
      keys: ['category', 'openNow'],
      values: ['true', ...windowCategories],
      success: { 200: ZWindowView },
      mustSee: ['200', '400 validation_failed', '404 not_found', '414 uri_too_long'],
    }),
    getEndpoint({
      name: 'GET /health/live',
      path: fc.constant('/health/live'),
      keys: ['verbose'],
      values: ['1'],
      success: { 200: ZHealthLive },
      mustSee: ['200', '404 not_found'],
    }),
    getEndpoint({
      name: 'GET /health/ready',
      path: fc.constant('/health/ready'),
      keys: ['verbose'],
      values: ['1'],
      success: { 200: ZHealthReady },
      mustSee: ['200', '404 not_found'],
    }),
    // The battery runs in this order on one link: acknowledge succeeds once, complete once (ending the
    // link), and decline only meets a closed link; every repeat is a 409, never a change.
    getEndpoint({
      name: 'GET /partner-links/:token',
      path: partnerToken.map((token) => `/partner-links/${token}`),
      keys: ['lang'],
      values: ['ja', 'en'],
      success: { 200: ZPartnerLinkView },
      mustSee: ['200', '404 not_found'],
    }),
    getEndpoint({
      name: 'GET /partner-links/:token/evidence/:fileId',
      path: fc
        .tuple(partnerToken, fc.oneof({ weight: 3, arbitrary: fc.uuid() }, pathSegment))
        .map(([token, fileId]) => `/partner-links/${token}/evidence/${fileId}`),
      keys: ['lang'],
      values: ['ja', 'en'],
      // The fuzz context's referral shares no file: every answer is an error, never a file.
      success: {},
      mustSee: ['404 not_found'],
    }),
    postEndpoint({
      name: 'POST /partner-links/:token/acknowledge',
      path: partnerPath('acknowledge'),
      valid: fc.record({ note: partnerNote(1000) }, { requiredKeys: [] }),
      success: { 200: ZPartnerLinkAnswer },
      mustSee: [...POST_KINDS, '404 not_found', '409 conflict'],
    }),
    postEndpoint({
      name: 'POST /partner-links/:token/complete',
      path: partnerPath('complete'),
      valid: fc.record({ outcomeNote: partnerNote(2000) }),
      success: { 200: ZPartnerLinkAnswer },
      mustSee: [...POST_KINDS, '404 not_found', '409 conflict'],
    }),
    postEndpoint({
      name: 'POST /partner-links/:token/decline',
      path: partnerPath('decline'),
      valid: fc.record({ reason: partnerNote(2000) }),
      success: { 200: ZPartnerLinkAnswer },
      mustSee: [...POST_KINDS.filter((kind) => kind !== '2'), '404 not_found', '409 conflict'],
    }),
  ];
}
