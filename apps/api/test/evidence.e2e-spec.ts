// Evidence uploads, by the person (receipt number + access code) and by staff: streamed to the filesystem store,
// typed by content, hashed, all or nothing per request; refused files get a clear 4xx naming the file and leave
// nothing behind (no row, no file, no temporary file); staff open a file only once it is scanned clean.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZApiErrorBody,
  ZCaseEvidence,
  ZEvidenceUploadReply,
  ZIntakeStatus,
  type TCaseCreateInput,
  type TCaseCreated,
  type TIntakeInput,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { expectEncryptedAtRest } from './evidence-at-rest';
import { SAMPLES } from './fixtures/evidence-samples';
import { eventually } from './jobs-test';
import { openStoredIntake, openStoredText } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 3;

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-evidence-'));
  t = await createTestApp({
    EVIDENCE_DIR: dir,
    EVIDENCE_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    EVIDENCE_MAX_FILES_PER_CASE: String(MAX_FILES),
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const DESCRIPTION = 'SNSで知らない人から脅されています。スクリーンショットがあります。';

async function intake() {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({ channel: 'web', description: DESCRIPTION } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber, accessCode } = res.body as { receiptNumber: string; accessCode: string };
  const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
  return { id, receiptNumber, accessCode };
}

type File = { name: string; data: Buffer };

/** The person's upload, as the status page's form sends it: credentials first, then the files. */
function personUpload(pair: { receiptNumber: string; accessCode: string }, files: File[]) {
  let req = t.http
    .post('/api/v1/intakes/evidence')
    .field('receiptNumber', pair.receiptNumber)
    .field('accessCode', pair.accessCode);
  for (const file of files) {
    req = req.attach('file', file.data, file.name);
  }
  return req;
}

function staffUpload(caseId: string, files: File[]) {
  let req = t.http.post(`/api/v1/cases/${caseId}/evidence`).set(counselor.headers);
  for (const file of files) {
    req = req.attach('file', file.data, file.name);
  }
  return req;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Everything in the store's directory of a case: stored files and any temporary file left behind. */
function caseDirectory(caseId: string): string[] {
  try {
    return readdirSync(path.join(dir, caseId)).sort();
  } catch {
    return [];
  }
}

async function rowsOf(caseId: string) {
  return db.evidenceFile.findMany({ where: { caseId }, orderBy: { receivedAt: 'asc' } });
}

function refusalOf(res: { body: unknown }) {
  return ZApiErrorBody.parse(res.body);
}

const TEXT = Buffer.from('2026年12月1日 10:02 「未納料金があります」というSMSが届いた。\n');
const MAIL = Buffer.from(
  'From: =?UTF-8?B?5pyq57SN?= <info@example.com>\r\nTo: me@example.jp\r\nSubject: test\r\nDate: Tue, 1 Dec 2026 10:00:00 +0900\r\n\r\nhttps://example.com/pay\r\n',
);

describe('POST /api/v1/intakes/evidence (the person)', () => {
  it('stores each file under its case with its hash, size and type from the content, pending its scan', async () => {
    const c = await intake();
    const files = [
      { name: 'スクリーンショット.png', data: SAMPLES.png },
      { name: 'メモ.txt', data: TEXT },
      // A saved e-mail whose name says nothing about it.
      { name: 'message', data: MAIL },
    ];
    const res = await personUpload(c, files).expect(201);
    const reply = ZEvidenceUploadReply.parse(res.body);
    expect(reply.files.map((f) => [f.name, f.kind, f.sizeBytes, f.sha256, f.scanState])).toEqual(
      files.map((f, i) => [f.name, ['png', 'text', 'eml'][i], f.data.length, sha256(f.data), 'pending']),
    );
    // The originals, byte for byte, one file per upload under the case's own directory, nothing else there.
    expect(caseDirectory(c.id)).toEqual(reply.files.map((f) => f.id).sort());
    for (const [i, file] of reply.files.entries()) {
      await expectEncryptedAtRest(
        t,
        path.join(dir, c.id, file.id),
        { caseId: c.id, fileId: file.id },
        files[i]!.data,
      );
    }
    const audit = await db.auditLog.findMany({ where: { caseId: c.id, action: 'evidence.upload' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, entity: 'case', entityId: c.id });
  });

  it('lists the files the person sent on their status page, with the hashes, and not the desk’s own', async () => {
    const c = await intake();
    await personUpload(c, [{ name: 'sms.png', data: SAMPLES.png }]).expect(201);
    await personUpload(c, [{ name: 'メモ.txt', data: TEXT }]).expect(201);
    await t.http
      .post(`/api/v1/cases/${c.id}/evidence`)
      .set(counselor.headers)
      .attach('file', Buffer.from('相談員の聞き取りメモ'), 'desk-note.txt')
      .expect(201);
    const looked = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
      .expect(200);
    const status = ZIntakeStatus.parse(looked.body);
    expect(status.files.map((f) => [f.name, f.kind, f.sizeBytes, f.sha256])).toEqual([
      ['sms.png', 'png', SAMPLES.png.length, sha256(SAMPLES.png)],
      ['メモ.txt', 'text', TEXT.length, sha256(TEXT)],
    ]);
  });

  it('gives a wrong pair the status look-up’s reply and stores nothing', async () => {
    const c = await intake();
    const res = await personUpload({ ...c, accessCode: 'AAAAA-AAAAA' }, [
      { name: 'a.png', data: SAMPLES.png },
    ]).expect(404);
    const status = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: c.receiptNumber, accessCode: 'AAAAA-AAAAA' })
      .expect(404);
    expect(refusalOf(res).message).toEqual(refusalOf(status).message);
    expect(await rowsOf(c.id)).toEqual([]);
    expect(caseDirectory(c.id)).toEqual([]);
  });

  it('wants the receipt number and access code before the files', async () => {
    const c = await intake();
    const res = await t.http
      .post('/api/v1/intakes/evidence')
      .attach('file', SAMPLES.png, 'a.png')
      .field('receiptNumber', c.receiptNumber)
      .field('accessCode', c.accessCode)
      .expect(400);
    const body = refusalOf(res);
    expect(body.code).toBe('validation_failed');
    expect(body.details.fields?.map((f) => f.path)).toEqual(['receiptNumber', 'accessCode']);
    expect(caseDirectory(c.id)).toEqual([]);
  });

  it('refuses a zip named .png (type by content) and keeps none of the request, naming the file', async () => {
    const c = await intake();
    const res = await personUpload(c, [
      { name: 'ok.png', data: SAMPLES.png },
      { name: 'photo.png', data: SAMPLES.zip },
    ]).expect(415);
    const body = refusalOf(res);
    expect(body.details).toMatchObject({
      reason: 'evidence_type_not_allowed',
      file: 'photo.png',
      detected: 'application/zip',
    });
    expect(body.message.ja).toContain('「photo.png」は受け付けられない形式です');
    expect(body.message.en).toContain('"photo.png" is not an accepted format');
    expect(await rowsOf(c.id)).toEqual([]);
    expect(caseDirectory(c.id)).toEqual([]);
    // The intake's text is untouched by the refused file.
    const status = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
      .expect(200);
    expect(status.body.receiptNumber).toBe(c.receiptNumber);
    const intakeRow = await db.intake.findFirstOrThrow({ where: { caseId: c.id } });
    // Stored encrypted (issue 17): opened as the API's repositories open it.
    expect(JSON.stringify(await openStoredIntake(t, intakeRow))).toContain('スクリーンショットがあります');
  });

  it('refuses an oversized file with 413 and the limit, and an empty one with 400; nothing is stored', async () => {
    const c = await intake();
    const big = Buffer.concat([SAMPLES.png, Buffer.alloc(MAX_FILE_BYTES)]);
    const tooLarge = refusalOf(await personUpload(c, [{ name: 'big.png', data: big }]).expect(413));
    expect(tooLarge.details).toMatchObject({ reason: 'evidence_file_too_large', file: 'big.png' });
    expect(tooLarge.message.ja).toContain('2 MB');
    const empty = refusalOf(
      await personUpload(c, [{ name: 'empty.txt', data: Buffer.alloc(0) }]).expect(400),
    );
    expect(empty.details).toMatchObject({ reason: 'evidence_file_empty', file: 'empty.txt' });
    // Binary junk without a known format, and no file at all.
    const junk = refusalOf(
      await personUpload(c, [{ name: 'x.jpg', data: Buffer.from([1, 2, 0, 3, 255]) }]).expect(415),
    );
    expect(junk.details.reason).toBe('evidence_type_not_allowed');
    expect(refusalOf(await personUpload(c, []).expect(400)).details.reason).toBe('evidence_no_file');
    expect(await rowsOf(c.id)).toEqual([]);
    expect(caseDirectory(c.id)).toEqual([]);
  });

  it('refuses files beyond the per-case limit, counting those already stored', async () => {
    const c = await intake();
    await personUpload(c, [
      { name: '1.png', data: SAMPLES.png },
      { name: '2.pdf', data: SAMPLES.pdf },
    ]).expect(201);
    const res = await personUpload(c, [
      { name: '3.jpg', data: SAMPLES.jpeg },
      { name: '4.webp', data: SAMPLES.webp },
    ]).expect(413);
    expect(refusalOf(res).details).toMatchObject({
      reason: 'evidence_too_many_files',
      maxFilesPerCase: MAX_FILES,
    });
    // The names are stored encrypted (issue 17): opened as the API reads them.
    const names = await Promise.all(
      (await rowsOf(c.id)).map((r) => openStoredText(t, 'evidenceName', r.id, r.originalName)),
    );
    expect(names).toEqual(['1.png', '2.pdf']);
    expect(caseDirectory(c.id)).toHaveLength(2);
    // More files in one request than a case may hold at all: refused by the parser's own limit.
    const d = await intake();
    const many = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `${i}.png`, data: SAMPLES.png }));
    expect(refusalOf(await personUpload(d, many).expect(413)).details.reason).toBe('evidence_too_many_files');
    expect(caseDirectory(d.id)).toEqual([]);
  });

  it('keeps only the last segment of a name with path tricks; a file far above the JSON body limit streams in', async () => {
    const c = await intake();
    // 1.5 MB: uploads are not bound by the API's 64 KB limit for JSON bodies, only by EVIDENCE_MAX_FILE_BYTES.
    const large = Buffer.concat([SAMPLES.png, Buffer.alloc(1_500_000, 9)]);
    const res = await personUpload(c, [{ name: '../../../etc/passwd.png', data: large }]).expect(201);
    const [file] = ZEvidenceUploadReply.parse(res.body).files;
    expect(file).toMatchObject({
      name: 'passwd.png',
      kind: 'png',
      sizeBytes: large.length,
      sha256: sha256(large),
    });
    expect(caseDirectory(c.id)).toEqual([file!.id]);
    await expectEncryptedAtRest(t, path.join(dir, c.id, file!.id), { caseId: c.id, fileId: file!.id }, large);
  });

  it('answers a JSON body with 415', async () => {
    const c = await intake();
    const res = await t.http
      .post('/api/v1/intakes/evidence')
      .send({ ...c })
      .expect(415);
    expect(refusalOf(res).code).toBe('unsupported_media_type');
  });

  it('leaves no temporary file and no row when the upload is cut off', async () => {
    const c = await intake();
    const boundary = 'madoguchi-abort-boundary';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="receiptNumber"\r\n\r\n${c.receiptNumber}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="accessCode"\r\n\r\n${c.accessCode}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.png"\r\n` +
      'Content-Type: image/png\r\n\r\n';
    const server = t.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    const { port } = server.address() as AddressInfo;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/intakes/evidence',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 50_000 },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(Buffer.concat([SAMPLES.png, Buffer.alloc(8_000, 7)]));
    // The file's temporary copy exists while the upload is under way…
    await eventually(() => (caseDirectory(c.id).length > 0 ? true : undefined), 5_000);
    expect(caseDirectory(c.id)[0]).toMatch(/^\.upload-/);
    req.destroy();
    // …and is gone once the connection is cut, with no row written.
    await eventually(() => (caseDirectory(c.id).length === 0 ? true : undefined), 5_000);
    expect(await rowsOf(c.id)).toEqual([]);
  });
});

/** A raw multipart body, sent by hand so a test can choose when each piece goes out. */
function multipartPieces(
  boundary: string,
  pair: { receiptNumber: string; accessCode: string },
  files: File[],
) {
  const credentials =
    `--${boundary}\r\nContent-Disposition: form-data; name="receiptNumber"\r\n\r\n${pair.receiptNumber}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="accessCode"\r\n\r\n${pair.accessCode}\r\n`;
  return [
    Buffer.from(credentials),
    ...files.map((file) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        file.data,
        Buffer.from('\r\n'),
      ]),
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ];
}

async function listeningPort(): Promise<number> {
  const server = t.app.getHttpServer() as import('node:http').Server;
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return (server.address() as AddressInfo).port;
}

type Answer = { status: number; connection: string | undefined; body: string; socket: unknown };

function answerOf(req: import('node:http').ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, connection: res.headers.connection, body, socket: req.socket }),
      );
    });
  });
}

describe('a refused upload is answered once its body was read', () => {
  it('waits for the rest of the body, then answers, and the connection carries the next request', async () => {
    const c = await intake();
    const port = await listeningPort();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const boundary = 'madoguchi-refused-boundary';
    // The refused file comes first; a 1.5 MB file (within the limits) follows it.
    const [credentials, refused, following, end] = multipartPieces(boundary, c, [
      { name: 'photo.png', data: SAMPLES.zip },
      { name: 'after.png', data: Buffer.concat([SAMPLES.png, Buffer.alloc(1_500_000, 7)]) },
    ]);
    const total = credentials!.length + refused!.length + following!.length + end!.length;
    const req = httpRequest({
      agent,
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/intakes/evidence',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': total },
    });
    let answered = false;
    const answer = answerOf(req);
    void answer.then(() => (answered = true));
    req.write(credentials);
    req.write(refused);
    req.write(following!.subarray(0, 1_000));
    // The API has refused the file by now; it does not answer while the client is still sending.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    req.end(Buffer.concat([following!.subarray(1_000), end!]));
    const refusedAnswer = await answer;
    expect(refusedAnswer.status).toBe(415);
    expect(refusedAnswer.body).toContain('photo.png');
    expect(refusedAnswer.connection).not.toBe('close');
    expect(await rowsOf(c.id)).toEqual([]);

    // The same connection takes the next request: nothing of the refused body was left on it.
    const next = httpRequest({ agent, host: '127.0.0.1', port, path: '/api/v1/health/live' });
    const nextAnswer = answerOf(next);
    next.end();
    const health = await nextAnswer;
    expect(health.status).toBe(200);
    expect(health.socket).toBe(refusedAnswer.socket);
    agent.destroy();
  });

  it('closes the connection with the answer when the body declared is beyond what it would read', async () => {
    const c = await intake();
    const port = await listeningPort();
    const boundary = 'madoguchi-huge-boundary';
    const [credentials, refused, next] = multipartPieces(boundary, c, [
      { name: 'video.png', data: SAMPLES.zip },
    ]);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/intakes/evidence',
      // 1 GB declared: far more than the limits allow; the API does not wait for it.
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 1024 ** 3 },
    });
    const answer = answerOf(req);
    req.write(credentials);
    // The refused file and the boundary after it (the type is known once the file ends).
    req.write(Buffer.concat([refused!, next!]));
    const { status, connection, body } = await answer;
    req.destroy();
    expect(status).toBe(415);
    expect(body).toContain('video.png');
    expect(connection).toBe('close');
    expect(await rowsOf(c.id)).toEqual([]);
  });
});

describe('staff: upload, list and open', () => {
  async function staffCase(): Promise<string> {
    const res = await t.http
      .post('/api/v1/cases')
      .set(counselor.headers)
      .send({ description: '電話相談:詐欺サイトの画面を郵送でもらった。' } satisfies TCaseCreateInput)
      .expect(201);
    return (res.body as TCaseCreated).case.id;
  }

  it('uploads for a case, lists it with type, size, hash and scan state, and opens it only once clean', async () => {
    const caseId = await staffCase();
    const res = await staffUpload(caseId, [{ name: 'letter.pdf', data: SAMPLES.pdf }]).expect(201);
    const [file] = ZEvidenceUploadReply.parse(res.body).files;
    const upload = await db.auditLog.findFirstOrThrow({ where: { caseId, action: 'evidence.upload' } });
    expect(upload.actorId).toBe(counselor.user.id);

    const list = ZCaseEvidence.parse(
      (await t.http.get(`/api/v1/cases/${caseId}/evidence`).set(counselor.headers).expect(200)).body,
    );
    // No scanner in this suite: the page says why the file cannot be opened.
    expect(list.scannerConfigured).toBe(false);
    expect(list.files).toEqual([
      expect.objectContaining({
        id: file!.id,
        kind: 'pdf',
        contentType: 'application/pdf',
        sizeBytes: SAMPLES.pdf.length,
        sha256: sha256(SAMPLES.pdf),
        source: 'staff',
        scanState: 'pending',
        unavailableReason: expect.objectContaining({ ja: expect.stringContaining('設定されていない') }),
      }),
    ]);
    const reads = await db.auditLog.findMany({ where: { caseId, action: 'case.read' } });
    expect(reads.map((r) => r.meta)).toContainEqual({ view: 'evidence' });

    const pending = await t.http
      .get(`/api/v1/cases/${caseId}/evidence/${file!.id}/content`)
      .set(counselor.headers)
      .expect(409);
    expect(refusalOf(pending).details).toMatchObject({ reason: 'evidence_not_clean', scanState: 'pending' });

    await db.evidenceFile.update({
      where: { id: file!.id },
      data: { scanState: 'infected', scanDetail: 'Eicar-Test-Signature' },
    });
    const infected = await t.http
      .get(`/api/v1/cases/${caseId}/evidence/${file!.id}/content`)
      .set(counselor.headers)
      .expect(409);
    expect(refusalOf(infected).message.ja).toContain('隔離しました(Eicar-Test-Signature)');

    await db.evidenceFile.update({ where: { id: file!.id }, data: { scanState: 'clean', scanDetail: null } });
    const opened = await t.http
      .get(`/api/v1/cases/${caseId}/evidence/${file!.id}/content`)
      .set(counselor.headers)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((opened.body as Buffer).equals(SAMPLES.pdf)).toBe(true);
    expect(opened.headers['content-type']).toBe('application/pdf');
    expect(opened.headers['content-disposition']).toContain("filename*=UTF-8''letter.pdf");
    const downloads = await db.auditLog.findMany({ where: { caseId, action: 'evidence.download' } });
    expect(downloads).toEqual([expect.objectContaining({ actorId: counselor.user.id, entityId: file!.id })]);
  });

  it('answers 404 for an unknown case or a file of another case', async () => {
    const [a, b] = [await staffCase(), await staffCase()];
    await staffUpload('00000000-0000-4000-8000-000000000000', [{ name: 'a.png', data: SAMPLES.png }]).expect(
      404,
    );
    const res = await staffUpload(a, [{ name: 'a.png', data: SAMPLES.png }]).expect(201);
    const [file] = ZEvidenceUploadReply.parse(res.body).files;
    await t.http.get(`/api/v1/cases/${b}/evidence/${file!.id}/content`).set(counselor.headers).expect(404);
  });
});
