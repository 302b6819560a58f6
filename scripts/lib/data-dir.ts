// Where `npm start` keeps its state: the embedded cluster, generated secrets, pid files.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db/tooling';

/** MADOGUCHI_DATA_DIR, or .data in the checkout (git-ignored). */
export function dataDir(): string {
  return path.resolve(process.env.MADOGUCHI_DATA_DIR || path.join(repoRoot, '.data'));
}

/** `<data>/run/<name>.pid` for each child of npm start while it runs. */
export function runDir(): string {
  return path.join(dataDir(), 'run');
}

/** A secret generated once per checkout and kept in the data directory, never a fixed default. */
export function localSecret(name: string): string {
  const dir = dataDir();
  const file = path.join(dir, name);
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
