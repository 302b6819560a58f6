// Where `npm start`, `npm run db:*` find their database: DATABASE_URL when set, otherwise the
// embedded PostgreSQL under .data/postgres (created on first use, reused afterwards).
import path from 'node:path';
import { ensureDatabase, repoRoot, startEmbeddedPostgres, withDatabase } from '@madoguchi/db/tooling';

export const DEFAULT_EMBEDDED_PORT = 54329;

export type ResolvedDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

export async function resolveDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    log(`Using DATABASE_URL (${redact(process.env.DATABASE_URL)}); the embedded PostgreSQL is not started.`);
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const port = Number(process.env.MADOGUCHI_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  const dataDir = path.join(repoRoot, '.data', 'postgres');
  log(`Starting the embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)…`);
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  const url = server.url('madoguchi');
  await ensureDatabase(url);
  return { url, embedded: true, stop: () => server.stop() };
}

/** A URL fit for logs: the password is hidden. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '****';
    }
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export { withDatabase };
