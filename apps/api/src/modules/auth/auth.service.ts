import { Injectable } from '@nestjs/common';
import { hashPassword, verifyPassword, type User } from '@madoguchi/db';
import type { TLoginResult, TStaffUser } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { currentContext } from '../../common/context/request-context';
import { AppError, lockedUntil } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { AuthRepository } from './auth.repository';
import { assertAcceptablePassword } from './password-policy';
import { SessionsService, toAuthUser } from './sessions.service';
import { LOGIN_LOCK_MS, LOGIN_MAX_FAILURES, tokenHash } from './tokens';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep, totpUri } from './totp';

const BAD_CREDENTIALS = {
  ja: 'メールアドレスまたはパスワードが違います。',
  en: 'The e-mail address or password is not right.',
};

/** A real hash to verify against when the e-mail is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, userAgent: string | null): Promise<TLoginResult> {
    const user = await this.repository.findUserByEmail(email);
    if (!user) {
      decoyHash ??= hashPassword('decoy password for timing');
      await verifyPassword(await decoyHash, password);
      await this.audit.record({
        action: 'auth.login_failed',
        entity: 'user',
        meta: { reason: 'unknown_email' },
        actor: anonymous,
      });
      throw new AppError('unauthenticated', { message: 'Bad credentials', userMessage: BAD_CREDENTIALS });
    }
    await this.assertNotLocked(user);
    if (!(await verifyPassword(user.passwordHash, password)) || !user.active) {
      await this.fail(user, user.active ? 'bad_password' : 'inactive');
    }
    const ip = currentContext()?.ip ?? null;
    if (user.totpEnabled) {
      const { tokens, session } = await this.sessions.open(user, { mfaPending: true, ip, userAgent });
      await this.audit.record({
        action: 'auth.password_ok',
        entity: 'user',
        entityId: user.id,
        actor: actorOf(user),
        meta: { sessionId: session.id },
      });
      // The refresh token of a pending session is its TOTP-step token; the access token is useless until then.
      return { mfaRequired: true, mfaToken: tokens.refreshToken, mfaExpiresAt: tokens.refreshExpiresAt };
    }
    await this.repository.recordLoginSuccess(user.id);
    const { tokens, session } = await this.sessions.open(user, { mfaPending: false, ip, userAgent });
    await this.audit.record({
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      actor: actorOf(user),
      meta: { sessionId: session.id },
    });
    return {
      mfaRequired: false,
      user: staffView(user),
      mfaEnrolmentRequired: user.role === 'admin',
      ...tokens,
    };
  }

  async loginTotp(
    mfaToken: string,
    code: string | undefined,
    recoveryCode: string | undefined,
  ): Promise<TLoginResult> {
    const session = await this.repository.findSessionByRefreshHash(tokenHash(mfaToken));
    if (!session || !session.mfaPending || session.revokedAt || session.refreshExpiresAt <= new Date()) {
      throw new AppError('unauthenticated', {
        message: 'Two-factor step expired or unknown',
        userMessage: { ja: 'もう一度ログインしてください。', en: 'Please sign in again.' },
      });
    }
    const user = session.user;
    await this.assertNotLocked(user);
    let ok = false;
    if (code && user.totpSecret) {
      ok = await this.acceptTotp(user.id, user.totpSecret, code);
    } else if (recoveryCode) {
      ok = await this.repository.consumeRecoveryCode(user.id, recoveryCodeHash(recoveryCode));
    }
    if (!ok || !user.active) {
      await this.fail(user, 'bad_totp');
    }
    const rotated = await this.sessions.rotate(session.id, session.refreshTokenHash, { completeMfa: true });
    if (!rotated) {
      throw new AppError('unauthenticated', { message: 'Two-factor step already used' });
    }
    await this.repository.recordLoginSuccess(user.id);
    await this.audit.record({
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      actor: actorOf(user),
      meta: { sessionId: session.id, secondFactor: code ? 'totp' : 'recovery_code' },
    });
    return { mfaRequired: false, user: staffView(user), mfaEnrolmentRequired: false, ...rotated.tokens };
  }

  async refresh(refreshToken: string) {
    const session = await this.repository.findSessionByRefreshHash(tokenHash(refreshToken));
    if (
      !session ||
      session.mfaPending ||
      session.revokedAt ||
      session.refreshExpiresAt <= new Date() ||
      !session.user.active
    ) {
      throw new AppError('unauthenticated', { message: 'Refresh token invalid or expired' });
    }
    const rotated = await this.sessions.rotate(session.id, session.refreshTokenHash);
    if (!rotated) {
      throw new AppError('unauthenticated', { message: 'Refresh token already used' });
    }
    return { user: staffView(session.user), ...rotated.tokens };
  }

  async logout(user: AuthUser): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    await this.audit.record({ action: 'auth.logout', entity: 'session', entityId: user.sessionId });
  }

  async me(user: AuthUser): Promise<TStaffUser & { mfaEnrolmentRequired: boolean }> {
    const row = await this.requireUser(user.id);
    return { ...staffView(row), mfaEnrolmentRequired: row.role === 'admin' && !row.totpEnabled };
  }

  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.requireUser(user.id);
    if (!(await verifyPassword(row.passwordHash, currentPassword))) {
      throw new AppError('validation_failed', {
        message: 'Current password wrong',
        details: {
          fields: [
            {
              path: 'currentPassword',
              code: 'wrong',
              message: { ja: '今のパスワードが違います', en: 'The current password is not right' },
            },
          ],
        },
      });
    }
    assertAcceptablePassword(newPassword, { email: row.email });
    await this.repository.updateUser(row.id, {
      passwordHash: await hashPassword(newPassword),
      passwordChangedAt: new Date(),
    });
    // Other devices signed in with the old password are signed out.
    await this.sessions.revokeAll(row.id, user.sessionId);
    await this.audit.record({ action: 'user.password_changed', entity: 'user', entityId: row.id });
  }

  async startTotpEnrolment(user: AuthUser) {
    const row = await this.requireUser(user.id);
    if (row.totpEnabled) {
      throw new AppError('conflict', {
        message: 'Two-factor already enabled',
        details: { reason: 'totp_already_enabled' },
      });
    }
    const secret = newTotpSecret();
    await this.repository.updateUser(row.id, { totpSecret: secret, totpLastStep: null });
    await this.audit.record({ action: 'user.totp_enrolment_started', entity: 'user', entityId: row.id });
    return { secret, otpauthUri: totpUri(secret, row.email) };
  }

  async confirmTotpEnrolment(user: AuthUser, code: string) {
    const row = await this.requireUser(user.id);
    if (row.totpEnabled || !row.totpSecret) {
      throw new AppError('conflict', {
        message: 'No enrolment in progress',
        details: { reason: 'no_totp_enrolment' },
      });
    }
    if (!(await this.acceptTotp(row.id, row.totpSecret, code))) {
      throw new AppError('validation_failed', {
        message: 'Wrong TOTP code',
        details: {
          fields: [
            { path: 'code', code: 'wrong', message: { ja: 'コードが違います', en: 'The code is not right' } },
          ],
        },
      });
    }
    const recoveryCodes = newRecoveryCodes();
    await this.repository.updateUser(row.id, {
      totpEnabled: true,
      recoveryCodeHashes: recoveryCodes.map(recoveryCodeHash),
    });
    await this.audit.record({ action: 'user.totp_enabled', entity: 'user', entityId: row.id });
    return { recoveryCodes };
  }

  async disableTotp(user: AuthUser, code: string) {
    const row = await this.requireUser(user.id);
    if (row.role === 'admin') {
      throw new AppError('forbidden', {
        message: 'Admins must keep two-factor',
        userMessage: {
          ja: '管理者は二要素認証を外せません。',
          en: 'Administrators cannot turn off two-factor.',
        },
      });
    }
    if (!row.totpSecret || !row.totpEnabled || !(await this.acceptTotp(row.id, row.totpSecret, code))) {
      throw new AppError('validation_failed', {
        message: 'Wrong TOTP code',
        details: {
          fields: [
            { path: 'code', code: 'wrong', message: { ja: 'コードが違います', en: 'The code is not right' } },
          ],
        },
      });
    }
    await this.repository.updateUser(row.id, {
      totpEnabled: false,
      totpSecret: null,
      recoveryCodeHashes: [],
    });
    await this.audit.record({ action: 'user.totp_disabled', entity: 'user', entityId: row.id });
  }

  /** A right code, used for the first time: a code seen once (even within its 30 s) is refused. */
  private async acceptTotp(userId: string, secret: string, code: string): Promise<boolean> {
    const step = totpStep(secret, code);
    return step !== null && (await this.repository.useTotpStep(userId, step));
  }

  private async requireUser(id: string): Promise<User> {
    const row = await this.repository.findUserById(id);
    if (!row) {
      throw new AppError('unauthenticated', { message: 'User no longer exists' });
    }
    return row;
  }

  private async assertNotLocked(user: User): Promise<void> {
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      await this.audit.record({
        action: 'auth.login_refused_locked',
        entity: 'user',
        entityId: user.id,
        actor: actorOf(user),
      });
      throw lockedError(user.lockedUntil);
    }
  }

  private async fail(user: User, reason: string): Promise<never> {
    const { locked } = await this.repository.recordLoginFailure(user.id, LOGIN_MAX_FAILURES, LOGIN_LOCK_MS);
    await this.audit.record({
      action: 'auth.login_failed',
      entity: 'user',
      entityId: user.id,
      actor: actorOf(user),
      meta: { reason },
    });
    if (locked) {
      await this.audit.record({
        action: 'auth.account_locked',
        entity: 'user',
        entityId: user.id,
        actor: actorOf(user),
        meta: { minutes: LOGIN_LOCK_MS / 60_000 },
      });
      throw lockedError(new Date(Date.now() + LOGIN_LOCK_MS));
    }
    throw new AppError('unauthenticated', { message: 'Bad credentials', userMessage: BAD_CREDENTIALS });
  }
}

const anonymous = { id: null, role: null };
const actorOf = (user: User) => ({ id: user.id, role: user.role });

function lockedError(until: Date): AppError {
  return lockedUntil(until, {
    message: 'Account locked after repeated failed sign-ins',
    userMessage: {
      ja: 'ログインの失敗が続いたため、15分間ロックされています。',
      en: 'Too many failed sign-ins: the account is locked for 15 minutes.',
    },
  });
}

export function staffView(user: User): TStaffUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    totpEnabled: user.totpEnabled,
  };
}

export { toAuthUser };
