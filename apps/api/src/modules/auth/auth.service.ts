import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { enrolCodeHash, hashPassword, passwordNeedsRehash, type User } from '@madoguchi/db';
import type { TLocalized, TLoginResult, TStaffUser } from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import type { AuthUser } from '../../common/context/request-context';
import { clientIp } from '../../common/context/request-context';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import type { FieldLocation } from '../../common/crypto/field-cipher';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import { AuditService } from '../audit/audit.service';
import { BackoffService } from '../security/backoff.service';
import { SecurityPolicyService } from '../security/policy.service';
import { AuthRepository, type SessionWithUser } from './auth.repository';
import { PasswordHashing } from './password-hashing';
import { assertAcceptablePassword } from './password-policy';
import { SessionsService, toAuthUser } from './sessions.service';
import { tokenHash } from './tokens';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep, totpUri } from './totp';

const BAD_CREDENTIALS = {
  ja: 'メールアドレスまたはパスワードが違います。',
  en: 'The e-mail address or password is not right.',
};
const BAD_CODE = {
  ja: '確認コードが違います。',
  en: 'The code is not right.',
};

/** Where a TOTP secret is stored: bound into its ciphertext (encrypted-columns.ts lists the column). */
function totpSecretLocation(userId: string): FieldLocation {
  return { table: 'users', column: 'totp_secret', rowId: userId };
}

/** A real hash to verify against when the e-mail is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly repository: AuthRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly backoff: BackoffService,
    private readonly policy: SecurityPolicyService,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
    private readonly passwords: PasswordHashing,
    private readonly crypto: FieldCrypto,
  ) {}

  /**
   * Password step. Unknown e-mail, wrong password, deactivated account and an attempt during back-off all
   * get the same reply after the same work (an argon2id verification), so none of them tells anything.
   */
  async login(email: string, password: string, userAgent: string | null): Promise<TLoginResult> {
    // During a login flood most attempts are shed at the hash: shed them before the back-off and user look-ups,
    // whose database work and event-loop time intakes need (a 503 says nothing about the account).
    this.passwords.shedIfFull();
    const ip = clientIp();
    const blocked = await this.backoff.isBlocked('staff_login', email, ip);
    const user = await this.repository.findUserByEmail(email);
    decoyHash ??= hashPassword('decoy password for timing');
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? (await decoyHash), password);
    if (blocked || !user || !passwordOk || !user.active) {
      const reason = blocked
        ? 'backoff'
        : !user
          ? 'unknown_email'
          : !passwordOk
            ? 'bad_password'
            : 'inactive';
      return this.refuse('staff_login', email, ip, user, reason, BAD_CREDENTIALS, !blocked);
    }
    if (passwordNeedsRehash(user.passwordHash)) {
      await this.rehashPassword(user.id, password);
    }
    const now = this.clock.now();
    if (user.passwordTemporaryUntil && user.passwordTemporaryUntil <= now) {
      await this.audit.record({
        action: 'auth.login_refused_temporary_password_expired',
        entity: 'user',
        entityId: user.id,
        actor: actorOf(user),
      });
      throw new AppError('unauthenticated', {
        message: 'Temporary password expired',
        userMessage: {
          ja: '仮パスワードの有効期限が切れています。管理者に再発行を依頼してください。',
          en: 'This temporary password has expired. Please ask an administrator for a new one.',
        },
        details: { reason: 'temporary_password_expired' },
      });
    }
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
    const { tokens, session } = await this.sessions.open(user, { mfaPending: false, ip, userAgent });
    await this.signedIn(user, email, ip, { sessionId: session.id });
    return {
      mfaRequired: false,
      user: staffView(user),
      ...(await this.sessions.restrictions(user)),
      ...tokens,
    };
  }

  async loginTotp(
    mfaToken: string,
    code: string | undefined,
    recoveryCode: string | undefined,
  ): Promise<TLoginResult> {
    const session = await this.repository.findSessionByRefreshHash(tokenHash(mfaToken));
    if (
      !session ||
      !session.mfaPending ||
      session.revokedAt ||
      session.refreshExpiresAt <= this.clock.now()
    ) {
      throw new AppError('unauthenticated', {
        message: 'Two-factor step expired or unknown',
        userMessage: { ja: 'もう一度ログインしてください。', en: 'Please sign in again.' },
      });
    }
    const user = session.user;
    const ip = clientIp();
    // The same back-off as the password step, for this account's e-mail from this address.
    const blocked = await this.backoff.isBlocked('staff_login', user.email, ip);
    let ok = false;
    if (!blocked && code && user.totpSecret) {
      ok = await this.acceptTotp(user.id, user.totpSecret, code);
    } else if (!blocked && recoveryCode) {
      ok = await this.repository.consumeRecoveryCode(user.id, recoveryCodeHash(recoveryCode));
    }
    if (!ok || !user.active) {
      return this.refuse(
        'staff_login',
        user.email,
        ip,
        user,
        blocked ? 'backoff' : 'bad_totp',
        BAD_CODE,
        !blocked,
      );
    }
    const rotated = await this.sessions.rotate(session, mfaToken, { completeMfa: true });
    if (!rotated) {
      throw new AppError('unauthenticated', { message: 'Two-factor step already used' });
    }
    await this.signedIn(user, user.email, ip, {
      sessionId: session.id,
      secondFactor: code ? 'totp' : 'recovery_code',
    });
    return {
      mfaRequired: false,
      user: staffView(user),
      ...(await this.sessions.restrictions(user)),
      ...rotated.tokens,
    };
  }

  /**
   * Rotates the tokens. A refresh token already rotated away from is answered with the same successor
   * within the grace window (parallel tabs, several web processes); after it, it is a replay: someone
   * else holds this session's tokens, so the whole session ends.
   */
  async refresh(refreshToken: string) {
    const hash = tokenHash(refreshToken);
    const current = await this.repository.findSessionByRefreshHash(hash);
    if (current) {
      this.assertRefreshable(current);
      const rotated = await this.sessions.rotate(current, refreshToken);
      if (rotated) {
        return { user: staffView(current.user), ...rotated.tokens };
      }
      // Another request rotated it a moment ago: answered below like any retired token.
    }
    const session = await this.repository.findSessionByRetiredRefreshHash(hash);
    if (!session) {
      throw new AppError('unauthenticated', { message: 'Refresh token invalid or expired' });
    }
    this.assertRefreshable(session);
    const successor = this.sessions.successorOf(session, refreshToken, this.config.env.REFRESH_GRACE_MS);
    if (successor) {
      return { user: staffView(session.user), ...successor };
    }
    await this.sessions.revoke(session.id);
    await this.audit.record({
      action: 'auth.refresh_replayed',
      entity: 'session',
      entityId: session.id,
      actor: actorOf(session.user),
      meta: { sessionId: session.id },
    });
    throw new AppError('unauthenticated', {
      message: 'Refresh token reused: the session has been ended',
      details: { reason: 'refresh_token_reused' },
    });
  }

  private assertRefreshable(session: SessionWithUser): void {
    if (
      session.mfaPending ||
      session.revokedAt ||
      session.refreshExpiresAt <= this.clock.now() ||
      !session.user.active
    ) {
      throw new AppError('unauthenticated', { message: 'Refresh token invalid or expired' });
    }
  }

  async logout(user: AuthUser): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    await this.audit.record({ action: 'auth.logout', entity: 'session', entityId: user.sessionId });
  }

  async me(user: AuthUser) {
    const row = await this.requireUser(user.id);
    return {
      ...staffView(row),
      ...(await this.sessions.restrictions(row)),
      totpRequiredForRole: await this.policy.totpRequired(row.role),
      recoveryCodesLeft: row.totpEnabled ? row.recoveryCodeHashes.length : 0,
    };
  }

  /**
   * A hash made with older argon2id parameters (packages/db/src/password.ts) is replaced with one made with the
   * current ones while the password is at hand: the same password, so nothing else about it changes. If that
   * fails (the hashing bulkhead is full), the sign-in still succeeds and the next one tries again.
   */
  private async rehashPassword(userId: string, password: string): Promise<void> {
    try {
      await this.repository.updateUser(userId, { passwordHash: await this.passwords.hash(password) });
    } catch (error) {
      this.logger.warn(
        { userId, error: String(error) },
        'password rehash with the current parameters failed',
      );
    }
  }

  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.requireUser(user.id);
    if (!(await this.passwords.verify(row.passwordHash, currentPassword))) {
      throw fieldError('currentPassword', {
        ja: '今のパスワードが違います',
        en: 'The current password is not right',
      });
    }
    if (await this.passwords.verify(row.passwordHash, newPassword)) {
      throw fieldError('newPassword', {
        ja: '今と違うパスワードにしてください',
        en: 'Choose a password different from the current one',
      });
    }
    assertAcceptablePassword(newPassword, { email: row.email });
    await this.repository.updateUser(row.id, {
      passwordHash: await this.passwords.hash(newPassword),
      passwordChangedAt: this.clock.now(),
      passwordTemporaryUntil: null,
    });
    // Other devices signed in with the old password are signed out.
    await this.sessions.revokeAll(row.id, user.sessionId);
    await this.audit.record({
      action: 'user.password_changed',
      entity: 'user',
      entityId: row.id,
      meta: { wasTemporary: row.passwordTemporaryUntil !== null },
    });
  }

  /**
   * Starts enrolment. From a session that may do nothing until it enrols (the role requires two-factor),
   * the one-time enrolment code an admin issued is needed too: the password alone must not let whoever
   * has it bind their own authenticator to the account.
   */
  async startTotpEnrolment(user: AuthUser, enrolmentCode: string | undefined) {
    const row = await this.requireUser(user.id);
    if (row.totpEnabled) {
      throw new AppError('conflict', {
        message: 'Two-factor already enabled',
        details: { reason: 'totp_already_enabled' },
      });
    }
    if ((await this.sessions.restrictions(row)).mfaEnrolmentRequired) {
      if (!enrolmentCode) {
        throw fieldError(
          'enrolmentCode',
          { ja: '登録コードを入力してください', en: 'Enter the enrolment code' },
          'required',
        );
      }
      if (!this.enrolCodeMatches(row, enrolmentCode)) {
        await this.audit.record({
          action: 'user.totp_enrolment_code_wrong',
          entity: 'user',
          entityId: row.id,
        });
        throw fieldError('enrolmentCode', {
          ja: '登録コードが違うか、有効期限が切れています。管理者に確認してください',
          en: 'The enrolment code is wrong or has expired. Please ask an administrator',
        });
      }
    }
    const secret = newTotpSecret();
    await this.repository.updateUser(row.id, {
      totpSecret: this.crypto.encryptString(secret, totpSecretLocation(row.id)),
      totpLastStep: null,
    });
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
      throw fieldError('code', { ja: 'コードが違います', en: 'The code is not right' });
    }
    const recoveryCodes = newRecoveryCodes();
    await this.repository.updateUser(row.id, {
      totpEnabled: true,
      recoveryCodeHashes: recoveryCodes.map(recoveryCodeHash),
      // The enrolment code is spent.
      enrolCodeHash: null,
      enrolCodeExpiresAt: null,
    });
    await this.audit.record({ action: 'user.totp_enabled', entity: 'user', entityId: row.id });
    return { recoveryCodes };
  }

  /** A new set of recovery codes (the old ones stop working), against a current TOTP code. */
  async regenerateRecoveryCodes(user: AuthUser, code: string) {
    const row = await this.requireUser(user.id);
    if (!row.totpEnabled || !row.totpSecret) {
      throw new AppError('conflict', {
        message: 'Two-factor is not enabled',
        details: { reason: 'totp_not_enabled' },
      });
    }
    if (!(await this.acceptTotp(row.id, row.totpSecret, code))) {
      throw fieldError('code', { ja: 'コードが違います', en: 'The code is not right' });
    }
    const recoveryCodes = newRecoveryCodes();
    await this.repository.updateUser(row.id, { recoveryCodeHashes: recoveryCodes.map(recoveryCodeHash) });
    await this.audit.record({ action: 'user.recovery_codes_regenerated', entity: 'user', entityId: row.id });
    return { recoveryCodes };
  }

  async disableTotp(user: AuthUser, code: string) {
    const row = await this.requireUser(user.id);
    if (await this.policy.totpRequired(row.role)) {
      throw new AppError('forbidden', {
        message: 'Two-factor is required for this role',
        userMessage: {
          ja: 'この役割では二要素認証を外せません。',
          en: 'Two-factor authentication is required for your role.',
        },
        details: { reason: 'totp_required_for_role' },
      });
    }
    if (!row.totpSecret || !row.totpEnabled || !(await this.acceptTotp(row.id, row.totpSecret, code))) {
      throw fieldError('code', { ja: 'コードが違います', en: 'The code is not right' });
    }
    await this.repository.updateUser(row.id, {
      totpEnabled: false,
      totpSecret: null,
      recoveryCodeHashes: [],
    });
    await this.audit.record({ action: 'user.totp_disabled', entity: 'user', entityId: row.id });
  }

  private enrolCodeMatches(row: User, code: string): boolean {
    if (!row.enrolCodeHash || !row.enrolCodeExpiresAt || row.enrolCodeExpiresAt <= this.clock.now()) {
      return false;
    }
    const expected = Buffer.from(row.enrolCodeHash, 'hex');
    const given = Buffer.from(enrolCodeHash(code), 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** A right code, used for the first time: a code seen once (even within its 30 s) is refused. */
  private async acceptTotp(userId: string, storedSecret: string, code: string): Promise<boolean> {
    // Encrypted (or clear, from before encryption); a value that does not decrypt throws: never a wrong secret.
    const secret = await this.crypto.decryptString(storedSecret, totpSecretLocation(userId));
    const step = totpStep(secret, code, this.clock.now().getTime());
    return step !== null && (await this.repository.useTotpStep(userId, step));
  }

  private async requireUser(id: string): Promise<User> {
    const row = await this.repository.findUserById(id);
    if (!row) {
      throw new AppError('unauthenticated', { message: 'User no longer exists' });
    }
    return row;
  }

  private async signedIn(user: User, typed: string, ip: string, meta: Record<string, string>) {
    await this.backoff.clear('staff_login', typed, ip);
    await this.repository.recordLoginSuccess(user.id, this.clock.now());
    await this.audit.record({
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      actor: actorOf(user),
      meta,
    });
  }

  /** The one failure reply: counted for back-off (unless already waiting), audited, always the same answer. */
  private async refuse(
    scope: 'staff_login',
    typed: string,
    ip: string,
    user: User | null,
    reason: string,
    message: TLocalized,
    count: boolean,
  ): Promise<never> {
    if (count) {
      await this.backoff.recordFailure(scope, typed, ip);
    }
    await this.audit.record({
      action: 'auth.login_failed',
      entity: 'user',
      entityId: user?.id ?? null,
      actor: user ? actorOf(user) : anonymous,
      meta: { reason },
    });
    throw new AppError('unauthenticated', { message: 'Bad credentials', userMessage: message });
  }
}

const anonymous = { id: null, role: null };
const actorOf = (user: User) => ({ id: user.id, role: user.role });

function fieldError(path: string, message: TLocalized, code = 'wrong'): AppError {
  return new AppError('validation_failed', {
    message: `Field ${path}: ${code}`,
    details: { fields: [{ path, code, message }] },
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
