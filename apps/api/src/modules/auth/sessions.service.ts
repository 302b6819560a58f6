import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { User } from '@madoguchi/db';
import type { TAuthTokens } from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import type { AuthUser } from '../../common/context/request-context';
import { SecurityPolicyService } from '../security/policy.service';
import { AuthRepository, type SessionWithUser } from './auth.repository';
import { ACCESS_TTL_MS, MFA_STEP_TTL_MS, newToken, REFRESH_TTL_MS, tokenHash } from './tokens';

export type ResolvedSession = {
  user: AuthUser;
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
};

/** lastSeenAt is written at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly policy: SecurityPolicyService,
    private readonly clock: Clock,
  ) {}

  /** A live session for the token, or null: revoked, expired and deactivated users never pass. */
  async resolveAccessToken(token: string): Promise<ResolvedSession | null> {
    const session = await this.repository.findSessionByAccessHash(tokenHash(token));
    const now = this.clock.now().getTime();
    if (!session || session.revokedAt || session.accessExpiresAt.getTime() <= now || !session.user.active) {
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.repository.touchSession(session.id);
    }
    return {
      user: toAuthUser(session.user, session.id),
      mfaPending: session.mfaPending,
      ...(await this.restrictions(session.user)),
    };
  }

  /** What a signed-in user must do before anything else: change a temporary password, enrol TOTP. */
  async restrictions(user: User) {
    return {
      passwordChangeRequired: user.passwordTemporaryUntil !== null,
      mfaEnrolmentRequired: !user.totpEnabled && (await this.policy.totpRequired(user.role)),
    };
  }

  async open(user: User, options: { mfaPending: boolean; ip: string | null; userAgent: string | null }) {
    const accessToken = newToken();
    const refreshToken = newToken();
    const now = this.clock.now().getTime();
    const accessExpiresAt = new Date(now + (options.mfaPending ? MFA_STEP_TTL_MS : ACCESS_TTL_MS));
    const refreshExpiresAt = new Date(now + (options.mfaPending ? MFA_STEP_TTL_MS : REFRESH_TTL_MS));
    const session = await this.repository.createSession({
      userId: user.id,
      accessTokenHash: tokenHash(accessToken),
      refreshTokenHash: tokenHash(refreshToken),
      rotationKey: randomBytes(32).toString('base64url'),
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

  /**
   * New tokens for a live session; the presented refresh token is retired (presenting it again later is a
   * replay). The successor is derived from the presented token with the session's key, so a second
   * request with the same token inside the grace window gets the very same successor (see successorOf).
   * Completing the TOTP step draws fresh random tokens instead: the step token never yields a session.
   */
  async rotate(session: SessionWithUser, presented: string, options: { completeMfa?: boolean } = {}) {
    const now = this.clock.now();
    const key = session.rotationKey ?? randomBytes(32).toString('base64url');
    const { accessToken, refreshToken } = options.completeMfa
      ? { accessToken: newToken(), refreshToken: newToken() }
      : derive(key, presented);
    const accessExpiresAt = new Date(now.getTime() + ACCESS_TTL_MS);
    const refreshExpiresAt = options.completeMfa
      ? new Date(now.getTime() + REFRESH_TTL_MS)
      : session.refreshExpiresAt;
    const ok = await this.repository.rotateSession(session.id, tokenHash(presented), {
      accessTokenHash: tokenHash(accessToken),
      refreshTokenHash: tokenHash(refreshToken),
      accessExpiresAt,
      refreshExpiresAt,
      rotationKey: key,
      // The grace window applies to refreshes only.
      previousRefreshHash: options.completeMfa ? null : tokenHash(presented),
      rotatedAt: now,
      mfaPending: options.completeMfa ? false : session.mfaPending,
    });
    if (!ok) {
      return null;
    }
    return {
      tokens: {
        accessToken,
        refreshToken,
        accessExpiresAt: accessExpiresAt.toISOString(),
        refreshExpiresAt: refreshExpiresAt.toISOString(),
      } satisfies TAuthTokens,
    };
  }

  /**
   * The successor a retired refresh token was rotated into, when it is the session's latest rotation and
   * still within the grace window (parallel tabs or web processes refreshing at once); null otherwise.
   */
  successorOf(session: SessionWithUser, presented: string, graceMs: number): TAuthTokens | null {
    const now = this.clock.now().getTime();
    if (
      !session.rotationKey ||
      !session.rotatedAt ||
      session.previousRefreshHash !== tokenHash(presented) ||
      now - session.rotatedAt.getTime() > graceMs
    ) {
      return null;
    }
    const tokens = derive(session.rotationKey, presented);
    if (tokenHash(tokens.refreshToken) !== session.refreshTokenHash) {
      return null;
    }
    return {
      ...tokens,
      accessExpiresAt: session.accessExpiresAt.toISOString(),
      refreshExpiresAt: session.refreshExpiresAt.toISOString(),
    };
  }

  revoke(sessionId: string) {
    return this.repository.revokeSession(sessionId);
  }

  revokeAll(userId: string, exceptSessionId?: string) {
    return this.repository.revokeUserSessions(userId, exceptSessionId);
  }
}

function derive(key: string, presented: string) {
  const mac = (label: string) =>
    createHmac('sha256', key).update(`${label}:${presented}`).digest('base64url');
  return { accessToken: mac('access'), refreshToken: mac('refresh') };
}

export function toAuthUser(user: User, sessionId: string): AuthUser {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, sessionId };
}
