import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestContext } from './request-context';

/** Opens the per-request context (request id, client IP) around the rest of the request. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { id?: string; ip?: string }, _res: ServerResponse, next: () => void): void {
    const ip = req.ip ?? req.socket.remoteAddress ?? null;
    requestContext.run({ requestId: req.id ?? 'unknown', ip }, next);
  }
}
