import { Injectable } from '@nestjs/common';
import type { Session, User } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

export type SessionWithUser = Session & { user: User };

@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUserByEmail(email: string): Promise<User | null> {
    return this.prisma.client.user.findUnique({ where: { email } });
  }

  findUserById(id: string): Promise<User | null> {
    return this.prisma.client.user.findUnique({ where: { id } });
  }

  /** Counts a failure atomically; the fifth in a row locks the account and starts a new count. */
  async recordLoginFailure(
    userId: string,
    maxFailures: number,
    lockMs: number,
  ): Promise<{ locked: boolean }> {
    const rows = await this.prisma.client.$queryRaw<{ locked_until: Date | null }[]>`
      UPDATE users SET
        failed_logins = CASE WHEN failed_logins + 1 >= ${maxFailures} THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= ${maxFailures}
          THEN now() + make_interval(secs => ${lockMs / 1000}) ELSE locked_until END
      WHERE id = ${userId}::uuid
      RETURNING locked_until`;
    const until = rows[0]?.locked_until;
    return { locked: !!until && until > new Date() };
  }

  async recordLoginSuccess(userId: string): Promise<void> {
    await this.prisma.client.user.update({
      where: { id: userId },
      data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() },
    });
  }

  createSession(data: {
    userId: string;
    accessTokenHash: string;
    refreshTokenHash: string;
    mfaPending: boolean;
    accessExpiresAt: Date;
    refreshExpiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<Session> {
    return this.prisma.client.session.create({ data });
  }

  findSessionByAccessHash(hash: string): Promise<SessionWithUser | null> {
    return this.prisma.client.session.findUnique({
      where: { accessTokenHash: hash },
      include: { user: true },
    });
  }

  findSessionByRefreshHash(hash: string): Promise<SessionWithUser | null> {
    return this.prisma.client.session.findUnique({
      where: { refreshTokenHash: hash },
      include: { user: true },
    });
  }

  /** Replaces both tokens only if the old refresh token is still the current one (no double use). */
  async rotateSession(
    sessionId: string,
    previousRefreshHash: string,
    next: {
      accessTokenHash: string;
      refreshTokenHash: string;
      accessExpiresAt: Date;
      mfaPending?: boolean;
      refreshExpiresAt?: Date;
    },
  ): Promise<boolean> {
    const result = await this.prisma.client.session.updateMany({
      where: { id: sessionId, refreshTokenHash: previousRefreshHash, revokedAt: null },
      data: { ...next, lastSeenAt: new Date() },
    });
    return result.count === 1;
  }

  async touchSession(sessionId: string): Promise<void> {
    await this.prisma.client.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date() } });
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.prisma.client.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  async revokeUserSessions(userId: string, exceptSessionId?: string): Promise<number> {
    const result = await this.prisma.client.session.updateMany({
      where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
      data: { revokedAt: new Date() },
    });
    return result.count;
  }

  async updateUser(
    userId: string,
    data: Partial<
      Pick<
        User,
        | 'totpSecret'
        | 'totpEnabled'
        | 'totpLastStep'
        | 'recoveryCodeHashes'
        | 'passwordHash'
        | 'passwordChangedAt'
      >
    >,
  ) {
    return this.prisma.client.user.update({ where: { id: userId }, data });
  }

  /**
   * Records a TOTP step as used if it is later than the last one; false when this code (or a later one) was
   * already accepted. One conditional UPDATE, so two requests racing with the same code cannot both pass.
   */
  async useTotpStep(userId: string, step: number): Promise<boolean> {
    const count = await this.prisma.client.$executeRaw`
      UPDATE users SET totp_last_step = ${step}
      WHERE id = ${userId}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
    return count === 1;
  }

  /** Removes one recovery code if it is still there; false when another request used it first. */
  async consumeRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const count = await this.prisma.client.$executeRaw`
      UPDATE users SET recovery_code_hashes = array_remove(recovery_code_hashes, ${codeHash})
      WHERE id = ${userId}::uuid AND ${codeHash} = ANY(recovery_code_hashes)`;
    return count === 1;
  }
}
