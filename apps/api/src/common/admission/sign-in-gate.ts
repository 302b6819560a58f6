import { Logger } from '@nestjs/common';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { sendAppError } from '../filters/all-exceptions.filter';
import { overloadedError } from './bulkhead';
import { ShedReport } from './shed-report';
import { TokenBucket } from './token-bucket';

export type SignInGateOptions = {
  /** The password step's route as Fastify knows it (with the global prefix). */
  path: string;
  ratePerSecond: number;
  burst: number;
  retryAfterSeconds: number;
  nowMs?: () => number;
};

/**
 * How many sign-in attempts this process starts a second, whoever sends them. A flood from many addresses gets
 * past every per-address limit, and each attempt it lands costs the database look-ups, the writes of the refusal
 * and an argon2id hash; beyond this rate an attempt is answered 503 + Retry-After in the sign-in route's first
 * hook — before its body is parsed, before any guard, any query or any hash — so the flood costs little more than
 * its HTTP parsing and intakes keep the CPU. A desk's staff sign in a few times a day each: the default rate is far
 * above what they need, and a sign-in refused during a flood is told when to try again. It protects this
 * process's CPU, so it is per process, like the bulkheads (the per-address limits are shared through PostgreSQL).
 */
export function installSignInGate(fastify: FastifyInstance, options: SignInGateOptions): void {
  const bucket = new TokenBucket(options.ratePerSecond, options.burst, options.nowMs);
  const report = new ShedReport(
    new Logger('SignInGate'),
    (shed) =>
      `More than ${options.ratePerSecond} sign-in attempts a second: ${shed} answered 503 since the last report`,
    options.nowMs,
  );
  const gate: onRequestHookHandler = (request, reply, done) => {
    if (bucket.take()) {
      done();
      return;
    }
    report.note();
    sendAppError(
      overloadedError('too many sign-in attempts on this process', options.retryAfterSeconds),
      request,
      reply,
    );
  };
  // On the sign-in route alone, first of its hooks: no other request (an intake, the queue) pays for the check.
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url !== options.path || !methods.includes('POST')) {
      return;
    }
    const own =
      route.onRequest === undefined
        ? []
        : Array.isArray(route.onRequest)
          ? route.onRequest
          : [route.onRequest];
    route.onRequest = [gate, ...own];
  });
}
