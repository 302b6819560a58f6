import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import { contract } from '@madoguchi/shared';
import { AppModule } from './app.module';
import { installSignInGate } from './common/admission/sign-in-gate';
import { renderFrameworkError } from './common/filters/all-exceptions.filter';
import { openApiDocument } from './common/openapi';
import { multipartOptions } from './modules/evidence/multipart';
import type { ApiEnv } from './config/env';

export const API_PREFIX = 'api/v1';
/** Intake bodies are small; anything larger is a mistake or an attack. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a caller's X-Request-Id when it looks like one, so logs join up across services. */
function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

export async function createApp(
  env: ApiEnv,
  options: { logs?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    genReqId: requestId,
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: env.HTTP_IDLE_TIMEOUT_MS,
    http: {
      // 20 s for the headers. Node enforces the request timeout only while this is no longer than it.
      headersTimeout: Math.min(20_000, env.HTTP_REQUEST_TIMEOUT_MS),
      // Node checks both on this interval (30 s by default): a shorter timeout is checked sooner.
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(env.HTTP_REQUEST_TIMEOUT_MS / 4)),
    },
    // Errors Fastify raises before any route runs (a malformed URL, a path parameter too long, a bad content-type
    // header) get the common error body too, like every other error reply.
    frameworkErrors: renderFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    bufferLogs: true,
    // Fastify's own JSON parser (secure-json-parse: rejects __proto__/constructor keys) is the only
    // one: the API speaks JSON, so form bodies get 415 instead of being half-understood.
    bodyParser: false,
    logger: options.logs === false ? false : undefined,
  });
  if (options.logs !== false) {
    app.useLogger(app.get(Logger));
  }
  app.setGlobalPrefix(API_PREFIX);
  app.enableShutdownHooks();
  if (env.CORS_ORIGIN) {
    app.enableCors({ origin: env.CORS_ORIGIN.split(',').map((o) => o.trim()), credentials: true });
  }

  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Replies carry personal data (cases, receipts) or tokens (sign-in): no browser or proxy may keep them.
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });
  installSignInGate(fastify, {
    path: `/${API_PREFIX}${contract.auth.login.path}`,
    ratePerSecond: env.SIGN_IN_ATTEMPTS_PER_SECOND,
    burst: env.SIGN_IN_BURST,
    retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS,
  });
  // Evidence uploads: multipart bodies are streamed part by part by the handler (never buffered by a parser).
  await app.register(multipart, multipartOptions(env));
  await app.register(helmet, {
    // Swagger UI needs inline scripts and styles; the API itself serves only JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });

  const document = openApiDocument(app, env);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  return app;
}
