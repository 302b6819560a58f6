import { Injectable } from '@nestjs/common';
import type { Prisma, Session, User } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

export type SessionWithUser = Session & { user: User };

/** Sessions, and the users table's one writer: staff administration (UsersRepository) writes through it too. */
@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUserByEmail(email: string): Promise<User | null> {
    return this.prisma.client.user.findUnique({ where: { email } });
  }

  findUserById(id: string): Promise<User | null> {
    return this.prisma.client.user.findUnique({ where: { id } });
  }

  async recordLoginSuccess(userId: string, at: Date): Promise<void> {
    await this.prisma.client.user.update({ where: { id: userId }, data: { lastLoginAt: at } });
  }

  createSession(data: {
    userId: string;
    accessTokenHash: string;
    refreshTokenHash: string;
    rotationKey: string;
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

  /** The session a retired refresh token belonged to, or null for a token never issued. */
  async findSessionByRetiredRefreshHash(hash: string): Promise<SessionWithUser | null> {
    const retired = await this.prisma.client.retiredRefreshToken.findUnique({
      where: { tokenHash: hash },
      include: { session: { include: { user: true } } },
    });
    return retired?.session ?? null;
  }

  /**
   * Replaces both tokens only if the presented refresh token is still the current one (no double use), and
   * retires it in the same statement, so a racing second request finds it retired, never half-rotated.
   */
  async rotateSession(
    sessionId: string,
    presentedHash: string,
    next: {
      accessTokenHash: string;
      refreshTokenHash: string;
      accessExpiresAt: Date;
      refreshExpiresAt: Date;
      rotationKey: string;
      previousRefreshHash: string | null;
      rotatedAt: Date;
      mfaPending: boolean;
    },
  ): Promise<boolean> {
    const rows = await this.prisma.client.$queryRaw<{ session_id: string }[]>`
      WITH rotated AS (
        UPDATE sessions SET
          access_token_hash = ${next.accessTokenHash},
          refresh_token_hash = ${next.refreshTokenHash},
          access_expires_at = ${next.accessExpiresAt},
          refresh_expires_at = ${next.refreshExpiresAt},
          rotation_key = ${next.rotationKey},
          previous_refresh_hash = ${next.previousRefreshHash},
          rotated_at = ${next.rotatedAt},
          mfa_pending = ${next.mfaPending},
          last_seen_at = ${next.rotatedAt}
        WHERE id = ${sessionId}::uuid AND refresh_token_hash = ${presentedHash} AND revoked_at IS NULL
        RETURNING id
      )
      INSERT INTO retired_refresh_tokens (token_hash, session_id, retired_at)
      SELECT ${presentedHash}, id, ${next.rotatedAt} FROM rotated
      RETURNING session_id`;
    return rows.length === 1;
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

  createUser(data: Prisma.UserCreateInput): Promise<User> {
    return this.prisma.client.user.create({ data });
  }

  updateUser(userId: string, data: Prisma.UserUpdateInput): Promise<User> {
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
