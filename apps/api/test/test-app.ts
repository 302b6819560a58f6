import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { loadEnv } from '../src/config/env';

export type TestApp = {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  /** Moves the API's clock (back-off, expiry, grace windows) forward; tests never sleep. */
  advanceClock(ms: number): void;
  /** The API's current time in ms (what TOTP codes must be generated for). */
  now(): number;
  close(): Promise<void>;
};

/** A fixed key per test process, so an app restarted within a file still verifies its codes. */
const TEST_ACCESS_CODE_KEYS = `test:${randomBytes(32).toString('base64')}`;
/** The test files' key-encryption key: fixed per process, so a restarted app opens its database's data keys. */
export const TEST_KEK = randomBytes(32).toString('base64');

/**
 * The real AppModule on this test file's own database (see setup-database.ts), connected as the
 * API's restricted role as in production: a missing grant fails the test.
 */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  // Suites sign staff in many times a minute from one address; the login limit is tested with its own value.
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: process.env.MADOGUCHI_TEST_APP_DATABASE_URL ?? process.env.DATABASE_URL,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    SIGN_IN_ATTEMPTS_PER_SECOND: '1000',
    SIGN_IN_BURST: '1000',
    ACCESS_CODE_KEYS: TEST_ACCESS_CODE_KEYS,
    MADOGUCHI_KEK: TEST_KEK,
    // Background jobs only where a test asks for them (JOBS_MODE: 'inline'): no idle polling elsewhere.
    JOBS_MODE: 'off',
    // Evidence files of tests go to a temporary directory, never the repository's .data.
    EVIDENCE_DIR: path.join(tmpdir(), 'madoguchi-test-evidence'),
    ...overrides,
  });
  const app = await createApp(env, { logs: Boolean(process.env.TEST_LOG_LEVEL) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let offset = 0;
  const clock = app.get(Clock);
  jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + offset));
  return {
    app,
    http: request(app.getHttpServer()),
    advanceClock: (ms) => {
      offset += ms;
    },
    now: () => Date.now() + offset,
    close: () => app.close(),
  };
}
