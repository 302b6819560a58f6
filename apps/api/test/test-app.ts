import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadEnv } from '../src/config/env';

export type TestApp = {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
};

/** The real AppModule on this test file's own database (see setup-database.ts). */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  // Suites sign staff in many times a minute from one address; the login limit is tested with its own value.
  const env = loadEnv({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    ...overrides,
  });
  const app = await createApp(env, { logs: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: request(app.getHttpServer()), close: () => app.close() };
}
