import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../../common/clock';
import { PrismaService } from '../../db/prisma.service';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Expired counters are swept about once per this many increments. */
const SWEEP_EVERY = 500;

/**
 * Per-client rate-limit counters in PostgreSQL (fixed windows), so several API processes share one
 * allowance instead of each granting the full limit. One upsert per limited request, on the public
 * (intake) pool: only public routes are limited, and a burst of them must not take staff connections.
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage {
  private sinceSweep = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const windowEnd = new Date(now.getTime() + ttl);
    // The key holds the client address: only its hash is stored.
    const hashed = createHash('sha256').update(key).digest('base64url');
    // A new window starts when the old one has ended; once over the limit, the window is stretched to
    // the block duration (the stock in-memory storage does the same).
    const rows = await this.prisma.intake.$queryRaw<{ hits: number; window_end: Date }[]>`
      INSERT INTO rate_limit_counters (key, window_end, hits)
      VALUES (${hashed}, ${windowEnd}, 1)
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN rate_limit_counters.window_end <= ${now} THEN 1 ELSE rate_limit_counters.hits + 1 END,
        window_end = CASE
          WHEN rate_limit_counters.window_end <= ${now} THEN ${windowEnd}
          WHEN rate_limit_counters.hits + 1 = ${limit + 1}
            THEN GREATEST(rate_limit_counters.window_end, ${new Date(now.getTime() + blockDuration)})
          ELSE rate_limit_counters.window_end END
      RETURNING hits, window_end`;
    const { hits, window_end: end } = rows[0]!;
    if (++this.sinceSweep >= SWEEP_EVERY) {
      this.sinceSweep = 0;
      void this.prisma.intake.rateLimitCounter
        .deleteMany({ where: { windowEnd: { lt: now } } })
        .catch(() => undefined);
    }
    const secondsLeft = Math.max(0, Math.ceil((end.getTime() - now.getTime()) / 1000));
    const isBlocked = hits > limit;
    return {
      totalHits: hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }
}
