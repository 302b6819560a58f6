import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { defer, finalize, from, mergeMap, type Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import type { BulkheadName } from '../../db/prisma.service';
import { AdmissionService } from './admission.service';
import { BULKHEAD_KEY } from './bulkhead.decorator';

/**
 * Admission control for every route: the request takes a slot of its bulkhead before the handler runs
 * (and before any of its work), and gives it back when its reply is done. When the bulkhead's queue is
 * full the handler never runs: 503 + Retry-After, details.reason 'overloaded'.
 */
@Injectable()
export class AdmissionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly admission: AdmissionService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') {
      return next.handle();
    }
    const name =
      this.reflector.getAllAndOverride<BulkheadName | 'none' | undefined>(BULKHEAD_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'staff';
    if (name === 'none') {
      return next.handle();
    }
    const bulkhead = this.admission.bulkheads[name];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return defer(() => from(bulkhead.acquire())).pipe(
      mergeMap((release) => {
        // A caller that gave up while queued gets nothing: its slot goes to the next one.
        if (request.raw.socket?.destroyed) {
          release();
          return from(
            Promise.reject(
              new AppError('unavailable', {
                message: 'The client went away while queued',
                details: { reason: 'client_closed' },
              }),
            ),
          );
        }
        return next.handle().pipe(finalize(release));
      }),
    );
  }
}
