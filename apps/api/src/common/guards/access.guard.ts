import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { currentContext, type AuthUser } from '../context/request-context';
import { ACCESS_KEY, type Audience } from '../decorators/access.decorator';
import {
  ALLOW_WITH_TEMPORARY_PASSWORD_KEY,
  ALLOW_WITHOUT_MFA_KEY,
} from '../decorators/allow-without-mfa.decorator';
import { AppError } from '../errors/app-error';
import { SessionsService } from '../../modules/auth/sessions.service';

/**
 * The one guard: reads the route's @Access audience, resolves the bearer token to a live session
 * (checked against the database on every request, so revocation is immediate) and lets the call
 * through or answers 401/403. A route without an audience (from @Endpoint's contract entry, or @Access) is
 * refused: forgetting a rule fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audiences = this.reflector.getAllAndOverride<Audience[] | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!audiences) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no @Access rule`);
      throw new AppError('forbidden', { message: 'Route has no access rule' });
    }
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const token = bearer(request.headers.authorization);
    const resolved = token ? await this.sessions.resolveAccessToken(token) : null;
    if (resolved && !resolved.mfaPending) {
      request.user = resolved.user;
      const ctx = currentContext();
      if (ctx) {
        ctx.user = resolved.user;
      }
    }
    if (audiences.includes('public')) {
      return true;
    }
    if (!request.user || !resolved) {
      throw new AppError('unauthenticated', {
        message: token ? 'Session invalid or expired' : 'Sign-in required',
      });
    }
    if (!audiences.includes(request.user.role)) {
      throw new AppError('forbidden', { message: `Role ${request.user.role} may not call this route` });
    }
    const allowed = (key: string) =>
      this.reflector.getAllAndOverride<boolean | undefined>(key, [context.getHandler(), context.getClass()]);
    if (resolved.passwordChangeRequired && !allowed(ALLOW_WITH_TEMPORARY_PASSWORD_KEY)) {
      throw new AppError('forbidden', {
        message: 'Temporary password must be changed',
        userMessage: {
          ja: '仮パスワードのままです。先にパスワードを変更してください。',
          en: 'You are signed in with a temporary password. Please change it first.',
        },
        details: { reason: 'password_change_required' },
      });
    }
    if (resolved.mfaEnrolmentRequired && !allowed(ALLOW_WITHOUT_MFA_KEY)) {
      throw new AppError('forbidden', {
        message: 'Two-factor enrolment required',
        userMessage: {
          ja: '二要素認証の登録が必要です。先に登録を済ませてください。',
          en: 'Please set up two-factor authentication first.',
        },
        details: { reason: 'mfa_enrolment_required' },
      });
    }
    return true;
  }
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}
