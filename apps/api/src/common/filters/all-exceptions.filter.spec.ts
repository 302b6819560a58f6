import type { ArgumentsHost } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { overloadedError } from '../admission/bulkhead';
import { AppError } from '../errors/app-error';
import { AllExceptionsFilter, renderFrameworkError } from './all-exceptions.filter';

type Sent = { status: number; body: Record<string, unknown> };

function fakeReply(sent: Partial<Sent>) {
  const reply = {
    status: (code: number) => ((sent.status = code), reply),
    code: (code: number) => ((sent.status = code), reply),
    header: () => reply,
    headers: () => reply,
    send: (body: Record<string, unknown>) => ((sent.body = body), reply),
  };
  return reply;
}

function render(exception: unknown, logged: unknown[] = []): Sent {
  const sent: Partial<Sent> = {};
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => fakeReply(sent) }),
  } as unknown as ArgumentsHost;
  const filter = new AllExceptionsFilter();
  // The 500 path logs; keep the test output clean.
  (filter as unknown as { logger: { error(entry: unknown): void } }).logger = {
    error: (entry) => void logged.push(entry),
  };
  filter.catch(exception, host);
  return sent as Sent;
}

/** What Prisma 7 with the pg adapter throws when PostgreSQL refuses a parameter. */
function driverError(originalCode: string) {
  return Object.assign(new Error('Database error'), {
    name: 'PrismaClientKnownRequestError',
    code: 'P2039',
    meta: { driverAdapterError: { cause: { originalCode, kind: 'postgres' } } },
  });
}

describe('AllExceptionsFilter', () => {
  it('logs an unknown 500, but not a readiness probe answered "not ready" nor a request shed under load', () => {
    const logged: unknown[] = [];
    expect(render(new Error('boom'), logged).status).toBe(500);
    expect(logged).toHaveLength(1);
    const notReady = new AppError('unavailable', {
      message: 'The job queue has not started yet',
      details: { reason: 'not_ready', checks: { database: 'ok', jobs: 'starting' } },
    });
    expect(render(notReady, logged).status).toBe(503);
    expect(render(overloadedError('the intake bulkhead is full', 5), logged).status).toBe(503);
    expect(logged).toHaveLength(1);
  });

  it('answers text PostgreSQL cannot store (a NUL: 22021) as the caller’s 400, not a 500', () => {
    expect(render(driverError('22021'))).toEqual({
      status: 400,
      body: expect.objectContaining({ code: 'bad_request', details: { reason: 'invalid_characters' } }),
    });
    expect(render(driverError('22P05')).status).toBe(400);
  });

  it('answers a connection that died under a query (server killed) with 503 and Retry-After, not 500', () => {
    // node-postgres throws these without a code while the database restarts (seen in the kill -9 test).
    for (const message of [
      'Client has encountered a connection error and is not queryable',
      'Connection terminated unexpectedly',
    ]) {
      expect(render(new Error(message))).toEqual({
        status: 503,
        body: expect.objectContaining({ code: 'unavailable', details: { retryable: true } }),
      });
    }
  });

  it('keeps other database errors and unknown errors a generic 500 with the common body', () => {
    for (const error of [driverError('42P01'), new Error('boom')]) {
      expect(render(error)).toEqual({
        status: 500,
        body: {
          code: 'internal',
          message: expect.objectContaining({ ja: expect.any(String) }),
          details: {},
          requestId: 'req-1',
        },
      });
    }
  });
});

describe('renderFrameworkError', () => {
  it.each([
    [414, 414, 'uri_too_long'],
    [400, 400, 'bad_request'],
    [415, 415, 'unsupported_media_type'],
    [405, 400, 'bad_request'],
    [500, 400, 'bad_request'],
  ])('Fastify %i → %i %s with the common body', (fastifyStatus, status, code) => {
    const sent: Partial<Sent> = {};
    renderFrameworkError(
      Object.assign(new Error('x'), { statusCode: fastifyStatus }) as FastifyError,
      { id: 'req-2' } as FastifyRequest,
      fakeReply(sent) as unknown as FastifyReply,
    );
    expect(sent).toEqual({
      status,
      body: {
        code,
        message: { ja: expect.any(String), en: expect.any(String) },
        details: {},
        requestId: 'req-2',
      },
    });
  });
});
