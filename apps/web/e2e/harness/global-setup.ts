import { startStack } from './stack';
import { harnessState } from './state';

/** Brings up the stack once for the whole browser suite; test files find it through E2E_* variables. */
export default async function globalSetup(): Promise<void> {
  const stack = await startStack();
  harnessState.stack = stack;
  process.env.E2E_WEB_URL = stack.webUrl;
  process.env.E2E_API_URL = stack.apiUrl;
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
}
