import type { ApiEnv } from './env';

/** The validated environment, injectable. */
export class ApiConfig {
  constructor(readonly env: ApiEnv) {}
}
