import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { SAMPLES } from '../../../test/fixtures/evidence-samples';
import { EvidenceInspector, EvidenceRefused, looksLikeEmail, sanitiseFileName } from './evidence-inspector';

async function inspect(data: Buffer | Buffer[], max = 1024 * 1024) {
  const inspector = new EvidenceInspector(max);
  const out: Buffer[] = [];
  await pipeline(Readable.from(Array.isArray(data) ? data : [data]), inspector, async (source) => {
    for await (const chunk of source) {
      out.push(chunk as Buffer);
    }
  });
  return { ...inspector.inspected, passed: Buffer.concat(out) };
}

async function refusal(data: Buffer | Buffer[], max?: number): Promise<EvidenceRefused> {
  try {
    await inspect(data, max);
  } catch (error) {
    if (error instanceof EvidenceRefused) {
      return error;
    }
    throw error;
  }
  throw new Error('accepted');
}

describe('EvidenceInspector', () => {
  it.each(['png', 'jpeg', 'webp', 'heic', 'pdf'] as const)('recognises %s by its content', async (kind) => {
    const result = await inspect(SAMPLES[kind]);
    expect(result.kind).toBe(kind);
    expect(result.sizeBytes).toBe(SAMPLES[kind].length);
    expect(result.sha256).toBe(createHash('sha256').update(SAMPLES[kind]).digest('hex'));
    expect(result.passed.equals(SAMPLES[kind])).toBe(true);
  });

  it('hashes and passes a large file streamed in many chunks unchanged', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(10_000, i));
    chunks[0] = Buffer.concat([SAMPLES.png, chunks[0]!]);
    const whole = Buffer.concat(chunks);
    const result = await inspect(chunks);
    expect(result).toMatchObject({ kind: 'png', sizeBytes: whole.length });
    expect(result.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
  });

  it('accepts UTF-8 text, also when a character is split between chunks', async () => {
    const text = Buffer.from('知らない番号からSMSが届きました。\n'.repeat(400));
    const result = await inspect([text.subarray(0, 4_999), text.subarray(4_999)]);
    expect(result.kind).toBe('text');
  });

  it('recognises a saved e-mail by its header block, not by a "Subject:" inside a text', async () => {
    const mail =
      'Return-Path: <a@example.jp>\r\nFrom: 詐欺 <a@example.jp>\r\nSubject: =?UTF-8?B?5pyq57SN?=\r\n\tcontinued\r\nDate: Fri, 4 Dec 2026 10:00:00 +0900\r\n\r\n本文';
    expect((await inspect(Buffer.from(mail))).kind).toBe('eml');
    expect((await inspect(Buffer.from(`メモ\nFrom: a\nSubject: b\n\n`))).kind).toBe('text');
    expect(looksLikeEmail(Buffer.from('From: a@example.jp\n\nbody'))).toBe(false);
  });

  it('refuses a zip, whatever it is called', async () => {
    const refused = await refusal(SAMPLES.zip);
    expect(refused.reason).toBe('evidence_type_not_allowed');
    expect(refused.detected).toBe('application/zip');
  });

  it('refuses binary content no magic number identifies (NUL bytes, not UTF-8)', async () => {
    expect((await refusal(Buffer.from([0x41, 0x00, 0x42]))).reason).toBe('evidence_type_not_allowed');
    expect((await refusal(Buffer.from([0x41, 0xff, 0xfe, 0x42]))).reason).toBe('evidence_type_not_allowed');
    // Valid text first, binary after the sniffed head.
    expect((await refusal([Buffer.alloc(5_000, 0x61), Buffer.from([0xc3])])).reason).toBe(
      'evidence_type_not_allowed',
    );
  });

  it('refuses an empty file and a file over the limit', async () => {
    expect((await refusal(Buffer.alloc(0))).reason).toBe('evidence_file_empty');
    expect((await refusal([SAMPLES.png, Buffer.alloc(2_000)], 1_000)).reason).toBe('evidence_file_too_large');
  });
});

describe('sanitiseFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\スクショ.png', 'スクショ.png'],
    ['.htaccess', 'htaccess'],
    ['report\u202Egnp.exe', 'reportgnp.exe'],
    ['a\u0000b\nc.txt', 'abc.txt'],
    ['', 'file'],
    ['../', 'file'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('keeps the extension of a name cut to 200 characters', () => {
    const name = sanitiseFileName(`${'あ'.repeat(300)}.jpeg`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.jpeg')).toBe(true);
  });
});
