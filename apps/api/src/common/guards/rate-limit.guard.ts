import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '../errors/app-error';

/**
 * Per-client-IP limits on the public endpoints. The stock guard names its header after the
 * throttler (Retry-After-intake); clients and proxies understand only the standard Retry-After.
 * Counters live in PostgreSQL (PgThrottlerStorage), shared by every API process.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /**
   * One counter per throttler and client, across routes: the password step and the TOTP step of a sign-in draw
   * from the same 'login' allowance (the stock key is per handler, which would double it).
   */
  protected override generateKey(_context: ExecutionContext, suffix: string, name: string): string {
    return `${name}-${suffix}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    throw new AppError('rate_limited', {
      message: 'Rate limit exceeded',
      details: { retryAfterSeconds: retryAfter },
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}
