import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isFileReply, type TRoute } from '@madoguchi/shared';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { ApiConfig } from '../../config/api-config';
import { AppError } from '../errors/app-error';
import { CONTRACT_KEY } from './endpoint.decorator';

/** Keys in `sent` that the schema's parse dropped: fields the contract does not declare (a leak, or a stale contract). */
export function undeclaredKeys(sent: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, i) => undeclaredKeys(item, parsed[i], `${path}[${i}]`));
  }
  if (sent && parsed && typeof sent === 'object' && typeof parsed === 'object') {
    return Object.keys(sent).flatMap((key) =>
      key in parsed
        ? undeclaredKeys(
            (sent as Record<string, unknown>)[key],
            (parsed as Record<string, unknown>)[key],
            path ? `${path}.${key}` : key,
          )
        : [path ? `${path}.${key}` : key],
    );
  }
  return [];
}

/** Why `reply` (as it will go out, JSON) does not match the route's contract, or null when it does. */
export function replyMismatch(route: TRoute, reply: unknown): string | null {
  if (route.reply === null || isFileReply(route.reply)) {
    return null;
  }
  const sent: unknown = reply === undefined ? undefined : JSON.parse(JSON.stringify(reply));
  const parsed = route.reply.safeParse(sent);
  if (!parsed.success) {
    return z.prettifyError(parsed.error);
  }
  const extra = undeclaredKeys(sent, parsed.data);
  return extra.length > 0 ? `fields not in the contract: ${extra.slice(0, 10).join(', ')}` : null;
}

/**
 * Checks every JSON reply against its route's contract: on in development and tests, off in production
 * unless CONTRACT_REPLY_CHECK=on (it costs a JSON round trip and a parse per reply). A mismatch is a bug in
 * the API: it answers 500 and logs why, so the e2e suites fail on it instead of a client breaking later.
 */
@Injectable()
export class ContractReplyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Contract');
  private readonly enabled: boolean;

  constructor(
    private readonly reflector: Reflector,
    config: ApiConfig,
  ) {
    this.enabled =
      config.env.CONTRACT_REPLY_CHECK === undefined
        ? config.env.NODE_ENV !== 'production'
        : config.env.CONTRACT_REPLY_CHECK === 'on';
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.reflector.get<TRoute | undefined>(CONTRACT_KEY, context.getHandler());
    if (!this.enabled || !route) {
      return next.handle();
    }
    return next.handle().pipe(
      map((reply: unknown) => {
        const problem = replyMismatch(route, reply);
        if (problem) {
          this.logger.error(`${route.operationId}: the reply does not match the contract: ${problem}`);
          throw new AppError('internal', { message: `Reply of ${route.operationId} breaks its contract` });
        }
        return reply;
      }),
    );
  }
}
