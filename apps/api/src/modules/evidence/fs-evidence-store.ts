import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import {
  EvidenceNotStored,
  EvidenceStore,
  removeStale,
  storageKey,
  type EvidenceKey,
} from './evidence-store';

/** Temporary files start with this; `list` skips them. */
export const TEMP_PREFIX = '.upload-';

/**
 * Evidence on the local filesystem: `<root>/<caseId>/<fileId>`, one directory per case, readable by the API's
 * user only. A write goes to a temporary file in the case's directory, is flushed to disk (fsync), then renamed
 * into place and the directory flushed: a crash or a failed upload never leaves a partial file under a real name,
 * and the temporary file of a failed write is removed.
 */
export class FsEvidenceStore extends EvidenceStore {
  readonly name = 'filesystem';
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = path.resolve(root);
  }

  private pathOf(key: EvidenceKey): string {
    return path.join(this.root, ...storageKey(key).split('/'));
  }

  async put(key: EvidenceKey, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = path.join(dir, `${TEMP_PREFIX}${key.fileId}-${randomBytes(6).toString('hex')}`);
    // `wx`: never an existing file; `flush`: fsync before the descriptor closes.
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
    try {
      await pipeline(body, out);
      if (!out.closed) {
        await finished(out);
      }
      await rename(temp, target);
      await syncDirectory(dir);
    } catch (error) {
      out.destroy();
      await rm(temp, { force: true });
      throw error;
    }
  }

  async open(key: EvidenceKey): Promise<Readable> {
    const file = this.pathOf(key);
    // Opened before the stream is handed out, so a missing file is an error here, not mid-reply.
    const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new EvidenceNotStored(key) : error;
    });
    return handle.createReadStream();
  }

  async remove(key: EvidenceKey): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async list(caseId: string): Promise<string[]> {
    const dir = path.dirname(this.pathOf({ caseId, fileId: '00000000-0000-0000-0000-000000000000' }));
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return [] as string[];
      }
      throw error;
    });
    return names.filter((n) => !n.startsWith(TEMP_PREFIX)).map((n) => `${caseId}/${n}`);
  }

  removeStaleTemporaryFiles(before: Date): Promise<number> {
    return removeStale({ dir: this.root, prefix: TEMP_PREFIX, before, depth: 1 });
  }
}

/** Makes a rename durable: the directory entry is flushed too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
