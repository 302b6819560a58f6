import { JobsService } from '../src/modules/jobs/jobs.service';
import { createTestApp, type TestApp } from './test-app';

/** Background jobs on, with short retries and polling, so no wait in a test is longer than a few seconds. */
export const FAST_JOBS = {
  JOBS_MODE: 'inline',
  JOBS_RETRY_LIMIT: '2',
  JOBS_RETRY_DELAY_SECONDS: '1',
  JOBS_POLL_INTERVAL_SECONDS: '0.5',
};

/**
 * A test app with background jobs turned on (FAST_JOBS, then `overrides`), once its queue has started.
 * The app is closed again if the queue does not start.
 */
export async function createJobsTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp({ ...FAST_JOBS, ...overrides });
  try {
    await t.app.get(JobsService).started();
  } catch (error) {
    await t.close();
    throw error;
  }
  return t;
}

/** Polls until `check` returns a value, or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Not done within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
