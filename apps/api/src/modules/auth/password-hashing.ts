import { Injectable } from '@nestjs/common';
import { hashPassword, verifyPassword } from '@madoguchi/db';
import { Bulkhead } from '../../common/admission/bulkhead';
import { ApiConfig } from '../../config/api-config';

/**
 * Staff password hashing (argon2id, 19 MiB, tens of ms of a core each) with a bound on how many run at
 * once: a login flood gets 503 + Retry-After beyond a short queue instead of taking the cores intakes
 * need (argon2 runs on libuv's thread pool, which also has only so many threads).
 */
@Injectable()
export class PasswordHashing {
  readonly bulkhead: Bulkhead;

  constructor(config: ApiConfig) {
    const env = config.env;
    this.bulkhead = new Bulkhead({
      name: 'password hashing',
      concurrency: env.PASSWORD_HASH_CONCURRENCY,
      queueLength: env.PASSWORD_HASH_QUEUE_LENGTH,
      maxWaitMs: env.PASSWORD_HASH_MAX_WAIT_MS,
      retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS,
    });
  }

  /** A sign-in that would be shed at its hash is shed before its database look-ups (Bulkhead.shedIfFull). */
  shedIfFull(): void {
    this.bulkhead.shedIfFull();
  }

  hash(password: string): Promise<string> {
    return this.bulkhead.run(() => hashPassword(password));
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.bulkhead.run(() => verifyPassword(passwordHash, password));
  }
}
