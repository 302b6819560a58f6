// Where `npm start`, `npm run db:*` find their database: DATABASE_URL when set, otherwise the
// embedded PostgreSQL under .data/postgres (created on first use, reused afterwards). That URL is the
// owner's: migrations and seeding. The API connects as a restricted role of its own
// (resolveApiDatabaseUrl; README, "Database roles").
import path from 'node:path';
import {
  canCreateRoles,
  databaseOf,
  ensureAppRole,
  ensureDatabase,
  localAppRoleName,
  startEmbeddedPostgres,
  withCredentials,
  withDatabase,
  type EmbeddedServer,
} from '@madoguchi/db/tooling';
import { dataDir, localSecret } from './data-dir';

export const DEFAULT_EMBEDDED_PORT = 54329;

export type ResolvedDatabase = {
  url: string;
  embedded: boolean;
  /** The embedded server (npm start supervises it). */
  server?: EmbeddedServer;
  stop(): Promise<void>;
};

export async function resolveDatabase(
  log: (line: string) => void,
  options: { signals?: 'library' | 'caller' } = {},
): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    log(`Using DATABASE_URL (${redact(process.env.DATABASE_URL)}); the embedded PostgreSQL is not started.`);
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const port = Number(process.env.MADOGUCHI_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  const clusterDir = path.join(dataDir(), 'postgres');
  log(
    `Starting the embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(process.cwd(), clusterDir)})…`,
  );
  const server = await startEmbeddedPostgres({
    dataDir: clusterDir,
    port,
    persistent: true,
    signals: options.signals,
  });
  const url = server.url('madoguchi');
  try {
    await ensureDatabase(url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, embedded: true, server, stop: () => server.stop() };
}

/**
 * The URL the API connects with, its role created or checked and its grants brought up to date (run
 * after the migrations, as the owner):
 * - DATABASE_APP_URL when set: its role, created (or given that password) when the owner may create
 *   roles, else only checked;
 * - otherwise, when the owner may create roles (always so for the embedded server), `<database>_app`
 *   with a password generated once and kept in .data/db-app-password;
 * - otherwise the owner's own URL, with a warning: the API then could defeat the audit log's protection.
 */
export async function resolveApiDatabaseUrl(ownerUrl: string, log: (line: string) => void): Promise<string> {
  const explicit = process.env.DATABASE_APP_URL;
  if (explicit) {
    const { role, created } = await ensureAppRole({ ownerUrl, appUrl: explicit, mode: 'manage' });
    log(`The API connects as "${role}" (DATABASE_APP_URL)${created ? ', created now' : ''}.`);
    return explicit;
  }
  if (!(await canCreateRoles(ownerUrl))) {
    log(
      'WARNING: the API connects as the owner of the database, which could switch off the audit log’s ' +
        'protection. Create a role for it and set DATABASE_APP_URL (README, "Database roles"; ' +
        '`npm run db:roles -- --print` prints the SQL).',
    );
    return ownerUrl;
  }
  const appUrl = await localApiDatabaseUrl(ownerUrl, 'db-app-password');
  log(`The API connects as "${localAppRoleName(databaseOf(ownerUrl))}", a role with data access only.`);
  return appUrl;
}

/**
 * `<database>_app` on the owner's server, created or updated (password from the data directory's
 * `secretName`, generated once) and granted. The owner must be able to create roles.
 */
export async function localApiDatabaseUrl(ownerUrl: string, secretName: string): Promise<string> {
  const role = localAppRoleName(databaseOf(ownerUrl));
  const appUrl = withCredentials(ownerUrl, role, localSecret(secretName));
  await ensureAppRole({ ownerUrl, appUrl, mode: 'manage' });
  return appUrl;
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
