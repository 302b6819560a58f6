import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import type { AuthUser } from '../context/request-context';

/** The signed-in staff member (set by AccessGuard). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) {
    throw new AppError('unauthenticated', { message: 'No signed-in user on a route that needs one' });
  }
  return user;
});
