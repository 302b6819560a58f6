import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { enrolCodeHash, hashPassword, newEnrolCode, type User } from '@madoguchi/db';
import type { TCreateUser, TRole } from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import type { AuthUser } from '../../common/context/request-context';
import { ApiConfig } from '../../config/api-config';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { staffView } from '../auth/auth.service';
import { assertAcceptablePassword } from '../auth/password-policy';
import { SessionsService } from '../auth/sessions.service';
import { UsersRepository } from './users.repository';

/**
 * 20 random characters (~120 bits), handed to the new user once: it must be changed at the first
 * sign-in and stops working after TEMPORARY_PASSWORD_TTL_HOURS.
 */
const temporaryPassword = () => randomBytes(15).toString('base64url');

@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly config: ApiConfig,
    private readonly clock: Clock,
  ) {}

  /** Until when a temporary password or enrolment code issued now works. */
  private temporaryUntil(): Date {
    return new Date(this.clock.now().getTime() + this.config.env.TEMPORARY_PASSWORD_TTL_HOURS * 3_600_000);
  }

  /** A one-time code for enrolling two-factor, for the admin to hand over apart from the password. */
  private issueEnrolCode() {
    const code = newEnrolCode();
    const expiresAt = this.temporaryUntil();
    return {
      code,
      expiresAt,
      data: { enrolCodeHash: enrolCodeHash(code), enrolCodeExpiresAt: expiresAt },
    };
  }

  async list() {
    return (await this.repository.list()).map(staffView);
  }

  /** Names and roles only, for assignee pickers. */
  async directory() {
    return (await this.repository.list())
      .filter((u) => u.active)
      .map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  }

  /**
   * A new account. Its password, generated or typed by the admin, is temporary either way: the admin
   * knows it. The enrolment code lets the person enrol two-factor at the first sign-in.
   */
  async create(input: TCreateUser) {
    const password = input.password ?? temporaryPassword();
    assertAcceptablePassword(password, { email: input.email });
    const temporaryUntil = this.temporaryUntil();
    const enrol = this.issueEnrolCode();
    const user = await this.repository.create({
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(password),
      passwordTemporaryUntil: temporaryUntil,
      ...enrol.data,
    });
    await this.audit.record({
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      meta: { role: user.role },
    });
    return {
      user: staffView(user),
      temporaryPassword: input.password ? null : password,
      temporaryPasswordExpiresAt: temporaryUntil.toISOString(),
      enrolmentCode: enrol.code,
      enrolmentCodeExpiresAt: enrol.expiresAt.toISOString(),
    };
  }

  /** A new enrolment code for someone who has not enrolled two-factor (lost or expired code). */
  async issueEnrolmentCode(id: string) {
    const user = await this.require(id);
    if (user.totpEnabled) {
      throw new AppError('conflict', {
        message: 'Two-factor already enabled',
        userMessage: {
          ja: 'この職員は二要素認証を登録済みです。',
          en: 'This staff member has already enrolled two-factor.',
        },
        details: { reason: 'totp_already_enabled' },
      });
    }
    const enrol = this.issueEnrolCode();
    await this.repository.update(id, enrol.data);
    await this.audit.record({ action: 'user.enrolment_code_issued', entity: 'user', entityId: id });
    return { enrolmentCode: enrol.code, enrolmentCodeExpiresAt: enrol.expiresAt.toISOString() };
  }

  async update(actor: AuthUser, id: string, input: { displayName?: string; role?: TRole }) {
    const user = await this.require(id);
    if (input.role && input.role !== 'admin' && user.role === 'admin') {
      await this.assertNotLastAdmin(user);
    }
    if (input.role && actor.id === id && input.role !== user.role) {
      throw new AppError('forbidden', { message: 'Admins cannot change their own role' });
    }
    const updated = await this.repository.update(id, input);
    if (input.role && input.role !== user.role) {
      // A changed role takes effect at the next sign-in; end the current sessions now.
      await this.sessions.revokeAll(id);
    }
    await this.audit.record({ action: 'user.update', entity: 'user', entityId: id, meta: { ...input } });
    return staffView(updated);
  }

  async setActive(actor: AuthUser, id: string, active: boolean) {
    const user = await this.require(id);
    if (!active) {
      if (actor.id === id) {
        throw new AppError('forbidden', { message: 'Admins cannot deactivate themselves' });
      }
      await this.assertNotLastAdmin(user);
    }
    const updated = await this.repository.update(id, { active });
    if (!active) {
      await this.sessions.revokeAll(id);
    }
    await this.audit.record({
      action: active ? 'user.activate' : 'user.deactivate',
      entity: 'user',
      entityId: id,
    });
    return staffView(updated);
  }

  async resetPassword(id: string, options: { resetTotp?: boolean }) {
    const user = await this.require(id);
    const password = temporaryPassword();
    const temporaryUntil = this.temporaryUntil();
    const totpEnabled = options.resetTotp ? false : user.totpEnabled;
    const enrol = totpEnabled ? null : this.issueEnrolCode();
    await this.repository.update(id, {
      passwordHash: await hashPassword(password),
      passwordChangedAt: this.clock.now(),
      passwordTemporaryUntil: temporaryUntil,
      ...(options.resetTotp
        ? { totpEnabled: false, totpSecret: null, totpLastStep: null, recoveryCodeHashes: [] }
        : {}),
      ...(enrol?.data ?? {}),
    });
    await this.sessions.revokeAll(id);
    await this.audit.record({
      action: 'user.password_reset',
      entity: 'user',
      entityId: id,
      meta: { resetTotp: !!options.resetTotp },
    });
    return {
      user: staffView({ ...user, totpEnabled }),
      temporaryPassword: password,
      temporaryPasswordExpiresAt: temporaryUntil.toISOString(),
      enrolmentCode: enrol?.code ?? null,
      enrolmentCodeExpiresAt: enrol?.expiresAt.toISOString() ?? null,
    };
  }

  private async require(id: string): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) {
      throw new AppError('not_found', { message: `No user ${id}` });
    }
    return user;
  }

  private async assertNotLastAdmin(user: User) {
    if (user.role === 'admin' && user.active && (await this.repository.countActiveAdmins()) <= 1) {
      throw new AppError('conflict', {
        message: 'The last active admin cannot be removed',
        userMessage: {
          ja: '最後の管理者は無効にできません。',
          en: 'The last active administrator cannot be removed.',
        },
        details: { reason: 'last_admin' },
      });
    }
  }
}
