import { Injectable } from '@nestjs/common';
import type { User } from '@madoguchi/db';
import type { TAuthTokens } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { AuthRepository } from './auth.repository';
import { ACCESS_TTL_MS, MFA_STEP_TTL_MS, newToken, REFRESH_TTL_MS, tokenHash } from './tokens';

export type ResolvedSession = { user: AuthUser; mfaPending: boolean; mfaEnrolmentRequired: boolean };

/** lastSeenAt is written at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(private readonly repository: AuthRepository) {}

  /** A live session for the token, or null: revoked, expired and deactivated users never pass. */
  async resolveAccessToken(token: string): Promise<ResolvedSession | null> {
    const session = await this.repository.findSessionByAccessHash(tokenHash(token));
    const now = Date.now();
    if (!session || session.revokedAt || session.accessExpiresAt.getTime() <= now || !session.user.active) {
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.repository.touchSession(session.id);
    }
    return {
      user: toAuthUser(session.user, session.id),
      mfaPending: session.mfaPending,
      mfaEnrolmentRequired: session.user.role === 'admin' && !session.user.totpEnabled,
    };
  }

  async open(user: User, options: { mfaPending: boolean; ip: string | null; userAgent: string | null }) {
    const accessToken = newToken();
    const refreshToken = newToken();
    const now = Date.now();
    const accessExpiresAt = new Date(now + (options.mfaPending ? MFA_STEP_TTL_MS : ACCESS_TTL_MS));
    const refreshExpiresAt = new Date(now + (options.mfaPending ? MFA_STEP_TTL_MS : REFRESH_TTL_MS));
    const session = await this.repository.createSession({
      userId: user.id,
      accessTokenHash: tokenHash(accessToken),
      refreshTokenHash: tokenHash(refreshToken),
      mfaPending: options.mfaPending,
      accessExpiresAt,
      refreshExpiresAt,
      ip: options.ip,
      userAgent: options.userAgent?.slice(0, 300) ?? null,
    });
    const tokens: TAuthTokens = {
      accessToken,
      refreshToken,
      accessExpiresAt: accessExpiresAt.toISOString(),
      refreshExpiresAt: refreshExpiresAt.toISOString(),
    };
    return { session, tokens };
  }

  /** New tokens for a live session; the old refresh token stops working (rotation). */
  async rotate(sessionId: string, previousRefreshHash: string, options: { completeMfa?: boolean } = {}) {
    const accessToken = newToken();
    const refreshToken = newToken();
    const now = Date.now();
    const accessExpiresAt = new Date(now + ACCESS_TTL_MS);
    const refreshExpiresAt = new Date(now + REFRESH_TTL_MS);
    const ok = await this.repository.rotateSession(sessionId, previousRefreshHash, {
      accessTokenHash: tokenHash(accessToken),
      refreshTokenHash: tokenHash(refreshToken),
      accessExpiresAt,
      ...(options.completeMfa ? { mfaPending: false, refreshExpiresAt } : {}),
    });
    if (!ok) {
      return null;
    }
    const session = await this.repository.findSessionByRefreshHash(tokenHash(refreshToken));
    return {
      tokens: {
        accessToken,
        refreshToken,
        accessExpiresAt: accessExpiresAt.toISOString(),
        refreshExpiresAt: (session?.refreshExpiresAt ?? refreshExpiresAt).toISOString(),
      } satisfies TAuthTokens,
    };
  }

  revoke(sessionId: string) {
    return this.repository.revokeSession(sessionId);
  }

  revokeAll(userId: string, exceptSessionId?: string) {
    return this.repository.revokeUserSessions(userId, exceptSessionId);
  }
}

export function toAuthUser(user: User, sessionId: string): AuthUser {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, sessionId };
}
