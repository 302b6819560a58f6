// The evidence stores, one suite for both: the filesystem store and the S3-compatible store (AWS SDK v3) against
// an s3rver started here. Files come back byte for byte; a failed write leaves nothing (no object, no temporary
// or spool file); files live per case, so removing one case's file never touches another's; keys are UUIDs only.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ApiConfig } from '../src/config/api-config';
import { loadEnv } from '../src/config/env';
import { evidenceStoreFor } from '../src/modules/evidence/evidence.module';
import { EvidenceNotStored, type EvidenceStore } from '../src/modules/evidence/evidence-store';
import { FsEvidenceStore } from '../src/modules/evidence/fs-evidence-store';
import { S3EvidenceStore } from '../src/modules/evidence/s3-evidence-store';

jest.setTimeout(60_000);

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
// s3rver ships no types; this is the part of its API the test uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

const BUCKET = 'madoguchi-evidence-test';

type Harness = {
  store: EvidenceStore;
  /** Files a failed write could leave behind (temporary or spool files). */
  leftovers(): string[];
  /** Makes a temporary file as an upload cut short by a crash leaves it; returns its path. */
  temporaryFile(caseId: string): string;
  close(): Promise<void>;
};

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => !name.endsWith('/'));
  } catch {
    return [];
  }
}

const HARNESSES: Record<string, () => Promise<Harness>> = {
  filesystem: async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'madoguchi-store-fs-'));
    return {
      store: new FsEvidenceStore(root),
      leftovers: () => filesIn(root).filter((name) => path.basename(name).startsWith('.upload-')),
      temporaryFile: (caseId) => {
        const file = path.join(root, caseId, `.upload-${randomUUID()}`);
        writeFileSync(file, 'partial');
        return file;
      },
      close: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
  s3: async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'madoguchi-s3rver-'));
    const spool = mkdtempSync(path.join(tmpdir(), 'madoguchi-spool-'));
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: data,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = await server.run();
    const store = new S3EvidenceStore({
      bucket: BUCKET,
      region: 'ap-northeast-1',
      endpoint: `http://127.0.0.1:${port}`,
      // s3rver's fixed test credentials.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'evidence/',
      spoolDir: spool,
    });
    return {
      store,
      leftovers: () => filesIn(spool),
      temporaryFile: () => {
        const file = path.join(spool, randomUUID());
        writeFileSync(file, 'partial');
        return file;
      },
      close: async () => {
        store.destroy();
        await server.close();
        rmSync(data, { recursive: true, force: true });
        rmSync(spool, { recursive: true, force: true });
      },
    };
  },
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A stream of `size` pseudo-random bytes in 64 KiB chunks (never one buffer for the stream as a whole). */
function bytes(size: number, seed = 1): { stream: () => Readable; sha256: string } {
  const chunk = (i: number) => createHash('sha512').update(`${seed}:${i}`).digest();
  const chunks = (function* () {
    for (let at = 0, i = 0; at < size; i++) {
      const block = Buffer.concat(Array.from({ length: 1_024 }, (_, j) => chunk(i * 1_024 + j))).subarray(
        0,
        Math.min(64 * 1024, size - at),
      );
      at += block.length;
      yield block;
    }
  })();
  const all = [...chunks];
  const sha256 = createHash('sha256');
  all.forEach((c) => sha256.update(c));
  return { stream: () => Readable.from(all), sha256: sha256.digest('hex') };
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(Object.keys(HARNESSES))('%s evidence store', (name) => {
  let h: Harness;
  beforeAll(async () => {
    h = await HARNESSES[name]!();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives a file back byte for byte, listed under its case', async () => {
    const key = { caseId: randomUUID(), fileId: randomUUID() };
    const file = bytes(3 * 1024 * 1024 + 17);
    await h.store.put(key, file.stream());
    expect(sha(await readAll(await h.store.open(key)))).toBe(file.sha256);
    expect(await h.store.list(key.caseId)).toEqual([`${key.caseId}/${key.fileId}`]);
  });

  it('keeps nothing of a write whose stream fails, and reports the stream’s error', async () => {
    const key = { caseId: randomUUID(), fileId: randomUUID() };
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100_000, 1));
        this.destroy(new Error('the upload was cut off'));
      },
    });
    await expect(h.store.put(key, failing)).rejects.toThrow('the upload was cut off');
    await expect(h.store.open(key)).rejects.toBeInstanceOf(EvidenceNotStored);
    expect(await h.store.list(key.caseId)).toEqual([]);
    expect(h.leftovers()).toEqual([]);
  });

  it('keeps each case’s files apart: the same bytes in two cases are two files', async () => {
    const [a, b] = [
      { caseId: randomUUID(), fileId: randomUUID() },
      { caseId: randomUUID(), fileId: randomUUID() },
    ];
    const same = Buffer.from('同じスクリーンショット');
    await h.store.put(a, Readable.from([same]));
    await h.store.put(b, Readable.from([same]));
    await h.store.remove(a);
    await expect(h.store.open(a)).rejects.toBeInstanceOf(EvidenceNotStored);
    expect((await readAll(await h.store.open(b))).equals(same)).toBe(true);
    expect(await h.store.list(a.caseId)).toEqual([]);
    // Removing what is gone is no error.
    await h.store.remove(a);
  });

  it('removes temporary files a crashed upload left behind, once they are old, and nothing else', async () => {
    const key = { caseId: randomUUID(), fileId: randomUUID() };
    await h.store.put(key, Readable.from([Buffer.from('kept')]));
    const stale = h.temporaryFile(key.caseId);
    const fresh = h.temporaryFile(key.caseId);
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stale, old, old);
    expect(await h.store.removeStaleTemporaryFiles(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect((await readAll(await h.store.open(key))).toString()).toBe('kept');
    rmSync(fresh);
  });

  it('keeps derived copies next to their original, listed with the case’s files, apart from it', async () => {
    const key = { caseId: randomUUID(), fileId: randomUUID() };
    await h.store.put(key, Readable.from([Buffer.from('original')]));
    await h.store.put({ ...key, derived: 'view' }, Readable.from([Buffer.from('view copy')]));
    await h.store.put({ ...key, derived: 'thumb' }, Readable.from([Buffer.from('thumb')]));
    expect((await h.store.list(key.caseId)).sort()).toEqual(
      [
        `${key.caseId}/${key.fileId}`,
        `${key.caseId}/${key.fileId}.thumb`,
        `${key.caseId}/${key.fileId}.view`,
      ].sort(),
    );
    expect((await readAll(await h.store.open(key))).toString()).toBe('original');
    expect((await readAll(await h.store.open({ ...key, derived: 'view' }))).toString()).toBe('view copy');
    // Written again (a retried job): replaced, not added.
    await h.store.put({ ...key, derived: 'view' }, Readable.from([Buffer.from('view copy 2')]));
    expect((await readAll(await h.store.open({ ...key, derived: 'view' }))).toString()).toBe('view copy 2');
    expect(await h.store.list(key.caseId)).toHaveLength(3);
    await expect(h.store.open({ ...key, derived: '../x' as 'view' })).rejects.toThrow('Unknown kind');
  });

  it('takes only UUIDs as keys, so no key can reach outside its case', async () => {
    await expect(
      h.store.put({ caseId: '../../etc', fileId: randomUUID() }, Readable.from([Buffer.from('x')])),
    ).rejects.toThrow('UUIDs');
    await expect(h.store.open({ caseId: randomUUID(), fileId: '../passwd' })).rejects.toThrow('UUIDs');
    await expect(h.store.list('..')).rejects.toThrow('UUIDs');
  });
});

describe('the store the environment names', () => {
  const env = (extra: Record<string, string>) =>
    new ApiConfig(loadEnv({ DATABASE_URL: 'postgresql://localhost/x', NODE_ENV: 'test', ...extra }));

  it('is the filesystem under EVIDENCE_DIR by default, and S3 once S3_BUCKET is set', async () => {
    expect(await evidenceStoreFor(env({}))).toBeInstanceOf(FsEvidenceStore);
    const s3 = await evidenceStoreFor(env({ S3_BUCKET: BUCKET, S3_ENDPOINT: 'http://127.0.0.1:9' }));
    expect(s3).toBeInstanceOf(S3EvidenceStore);
    (s3 as S3EvidenceStore).destroy();
  });
});
