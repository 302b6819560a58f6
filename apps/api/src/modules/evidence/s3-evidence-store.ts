import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  EvidenceNotStored,
  EvidenceStore,
  removeStale,
  storageKey,
  type EvidenceKey,
} from './evidence-store';

const NO_FILE = '00000000-0000-0000-0000-000000000000';

export type S3StoreOptions = {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, s3rver): path-style addressing. Unset: AWS itself. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket, e.g. `evidence/`. */
  prefix: string;
  /** Where an upload is spooled before it is sent (default: the OS's temporary directory). */
  spoolDir?: string;
};

/**
 * Evidence in an S3-compatible bucket (AWS SDK v3): `<prefix><caseId>/<fileId>`, the store several API processes
 * share. An upload is first spooled to a temporary file (never held in memory), so the object is written with
 * one PutObject of known length only after the whole file arrived and passed its checks: S3 makes it visible
 * whole or not at all, and the spool file is removed either way.
 */
export class S3EvidenceStore extends EvidenceStore {
  readonly name = 's3';
  private readonly client: S3Client;
  private readonly spoolDir: string;

  constructor(private readonly options: S3StoreOptions) {
    super();
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Checksums only where the operation requires one: S3-compatible servers do not all speak the newer
      // trailing-checksum (aws-chunked) uploads. The SHA-256 of every file is kept by Madoguchi itself.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.spoolDir = options.spoolDir ?? path.join(tmpdir(), 'madoguchi-evidence-spool');
  }

  private objectKey(key: EvidenceKey): string {
    return `${this.options.prefix}${storageKey(key)}`;
  }

  async put(key: EvidenceKey, body: Readable): Promise<void> {
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    const spool = path.join(this.spoolDir, `${key.fileId}-${randomBytes(6).toString('hex')}`);
    const out = createWriteStream(spool, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(body, out);
      if (!out.closed) {
        await finished(out);
      }
      const { size } = await stat(spool);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.objectKey(key),
          Body: createReadStream(spool),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    } finally {
      out.destroy();
      await rm(spool, { force: true });
    }
  }

  async open(key: EvidenceKey): Promise<Readable> {
    try {
      const reply = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      if (!(reply.Body instanceof Readable)) {
        throw new Error('The S3 client returned no Node.js stream');
      }
      return reply.Body;
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === 'NoSuchKey')) {
        throw new EvidenceNotStored(key);
      }
      throw error;
    }
  }

  async remove(key: EvidenceKey): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }

  async list(caseId: string): Promise<string[]> {
    // Validated like a key: a case id is a UUID.
    const prefix = `${this.options.prefix}${storageKey({ caseId, fileId: NO_FILE })}`.slice(
      0,
      -NO_FILE.length,
    );
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(
        ...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key.slice(this.options.prefix.length)] : [])),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** Spool files only: S3 never shows an object whose PutObject did not complete. */
  removeStaleTemporaryFiles(before: Date): Promise<number> {
    return removeStale({ dir: this.spoolDir, prefix: '', before, depth: 0 });
  }

  destroy(): void {
    this.client.destroy();
  }
}
