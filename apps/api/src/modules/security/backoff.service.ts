import { Injectable } from '@nestjs/common';
import { Prisma } from '@madoguchi/db';
import type { TBackoffEntry, TBackoffScope } from '@madoguchi/shared';
import { ApiConfig } from '../../config/api-config';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { PrismaService } from '../../db/prisma.service';
import { AuditService } from '../audit/audit.service';

export type { TBackoffScope };

/** A quiet day forgets earlier failures. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/**
 * Exponential back-off per (scope, subject as typed, client address), kept in PostgreSQL so every API
 * process agrees. It exists whether or not the account or receipt does, and it never touches the
 * account itself: failures from one address cannot delay the right person at another.
 */
@Injectable()
export class BackoffService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** True while attempts from this address for this subject must be refused unseen. */
  async isBlocked(scope: TBackoffScope, subject: string, ip: string): Promise<boolean> {
    const row = await this.prisma.client.authBackoff.findUnique({
      where: { scope_subject_ip: { scope, subject: key(subject), ip } },
      select: { blockedUntil: true },
    });
    return !!row?.blockedUntil && row.blockedUntil > this.clock.now();
  }

  /** Counts a failure; from the (free + 1)th on, the next attempt waits base × 2^k, capped. */
  async recordFailure(scope: TBackoffScope, subject: string, ip: string): Promise<void> {
    const {
      AUTH_BACKOFF_FREE_ATTEMPTS: free,
      AUTH_BACKOFF_BASE_MS: base,
      AUTH_BACKOFF_MAX_MS: max,
    } = this.config.env;
    const now = this.clock.now();
    const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
    // Atomic under concurrent failures: the counter is read and written in the one upsert.
    const n = Prisma.sql`CASE WHEN auth_backoff.last_failure_at < ${forgetBefore} THEN 1 ELSE auth_backoff.failures + 1 END`;
    const until = (failures: Prisma.Sql) => Prisma.sql`CASE WHEN ${failures} > ${free}
      THEN ${now}::timestamptz + make_interval(secs => LEAST(${max}::float8,
        ${base}::float8 * power(2, LEAST(${failures} - ${free} - 1, 40))) / 1000) END`;
    await this.prisma.client.$executeRaw`
      INSERT INTO auth_backoff (id, scope, subject, ip, failures, blocked_until, last_failure_at)
      VALUES (gen_random_uuid(), ${scope}, ${key(subject)}, ${ip}, 1, ${until(Prisma.sql`1`)}, ${now})
      ON CONFLICT (scope, subject, ip) DO UPDATE SET
        failures = ${n}, blocked_until = ${until(n)}, last_failure_at = ${now}`;
  }

  /** A success from this address ends its back-off for this subject. */
  async clear(scope: TBackoffScope, subject: string, ip: string): Promise<void> {
    await this.prisma.client.authBackoff.deleteMany({ where: { scope, subject: key(subject), ip } });
  }

  /** Current back-off state for the admin page: failures within the last day, newest first. */
  async list(): Promise<TBackoffEntry[]> {
    const since = new Date(this.clock.now().getTime() - FORGET_AFTER_MS);
    const rows = await this.prisma.client.authBackoff.findMany({
      where: { lastFailureAt: { gte: since } },
      orderBy: { lastFailureAt: 'desc' },
      take: 500,
    });
    return rows.map((row) => ({
      id: row.id,
      scope: row.scope as TBackoffScope,
      subject: row.subject,
      ip: row.ip,
      failures: row.failures,
      blockedUntil:
        row.blockedUntil && row.blockedUntil > this.clock.now() ? row.blockedUntil.toISOString() : null,
      lastFailureAt: row.lastFailureAt.toISOString(),
    }));
  }

  /** Removes one entry; the removed row (for the audit log), or null when it was already gone. */
  /** An admin lets an address try again at once; the removal is audited with what was typed and from where. */
  async remove(id: string): Promise<void> {
    const rows = await this.prisma.client.$queryRaw<{ scope: string; subject: string; ip: string }[]>`
      DELETE FROM auth_backoff WHERE id = ${id}::uuid RETURNING scope, subject, ip`;
    const removed = rows[0];
    if (!removed) {
      throw new AppError('not_found', { message: `No back-off entry ${id}` });
    }
    await this.audit.record({
      action: 'security.backoff_cleared',
      entity: 'auth_backoff',
      entityId: id,
      meta: removed,
    });
  }
}

/** The subject as typed, trimmed and lower-cased and bounded, so trivial variants share one entry. */
function key(subject: string): string {
  return subject.trim().toLowerCase().slice(0, 254);
}
