import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { EVIDENCE_DERIVATIVE_KINDS, type TEvidenceDerivativeKind } from '@madoguchi/shared';

/**
 * Where a file lives in a store: under its case, so a case's files can be shredded (and encrypted) on their own.
 * `derived`: a copy made for viewing (evidence-preview.ts), kept next to its original as `<fileId>.<derived>`,
 * so listing (and shredding) a case's files takes its derived copies along.
 */
export type EvidenceKey = { caseId: string; fileId: string; derived?: TEvidenceDerivativeKind };

/** The file is not in the store (never written, or deleted). */
export class EvidenceNotStored extends Error {
  constructor(key: EvidenceKey) {
    super(`Evidence file ${key.caseId}/${key.fileId} is not in the store`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `<caseId>/<fileId>` (or `<caseId>/<fileId>.<derived>`); both must be UUIDs and `derived` one of the known
 * kinds, so a key can never name a path outside its case.
 */
export function storageKey(key: EvidenceKey): string {
  if (!UUID.test(key.caseId) || !UUID.test(key.fileId)) {
    throw new Error('Evidence keys are made of UUIDs only');
  }
  if (key.derived !== undefined && !(EVIDENCE_DERIVATIVE_KINDS as readonly string[]).includes(key.derived)) {
    throw new Error('Unknown kind of derived evidence copy');
  }
  return `${key.caseId}/${key.fileId}${key.derived === undefined ? '' : `.${key.derived}`}`;
}

/**
 * The evidence store: original files, written once, read back unchanged (and their derived copies for viewing,
 * under keys of their own). Every implementation passes the same
 * suite (apps/api/test/evidence-store.e2e-spec.ts).
 */
export abstract class EvidenceStore {
  /** `filesystem` or `s3`, for logs and health. */
  abstract readonly name: string;

  /** The data key new files are encrypted under; null for a store that writes what it is given. */
  get dataKeyId(): string | null {
    return null;
  }

  /**
   * Writes a new file from a stream, atomically: once this resolves the whole file is durable under its key;
   * when the stream fails (a refused or aborted upload) it rejects with that error and nothing of it is left.
   */
  abstract put(key: EvidenceKey, body: Readable): Promise<void>;

  /** The file's bytes, as written. Rejects with EvidenceNotStored when there is none. */
  abstract open(key: EvidenceKey): Promise<Readable>;

  /** Removes the file; removing one that is not there is no error. */
  abstract remove(key: EvidenceKey): Promise<void>;

  /** The keys of a case's stored files (for checks and the deletion of a case's files). */
  abstract list(caseId: string): Promise<string[]>;

  /**
   * Removes temporary files of writes that never finished because the process died mid-upload (a failed write
   * removes its own); only those older than `before`, so uploads under way are left alone. Returns how many.
   */
  abstract removeStaleTemporaryFiles(before: Date): Promise<number>;
}

/** Removes the files directly in `dir` (or in its subdirectories, `depth` 1) named `prefix…` and older than `before`. */
export async function removeStale(args: {
  dir: string;
  prefix: string;
  before: Date;
  depth: 0 | 1;
}): Promise<number> {
  const names = await readdir(args.dir, { recursive: args.depth === 1 }).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const full = path.join(args.dir, name);
    if (!path.basename(name).startsWith(args.prefix) || name.split(path.sep).length > args.depth + 1) {
      continue;
    }
    const info = await stat(full).catch(() => undefined);
    if (info?.isFile() && info.mtime < args.before) {
      await rm(full, { force: true });
      removed++;
    }
  }
  return removed;
}
