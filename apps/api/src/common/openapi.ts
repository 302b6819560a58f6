import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_CODES } from '@madoguchi/shared';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import type { ApiEnv } from '../config/env';
import { routeTable } from './route-table';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'details', 'requestId'],
  properties: {
    code: { type: 'string', enum: ERROR_CODES, example: 'validation_failed' },
    message: {
      type: 'object',
      required: ['ja', 'en'],
      properties: { ja: { type: 'string' }, en: { type: 'string' } },
    },
    details: {
      type: 'object',
      description: 'fields: per-field messages in Japanese and English; reason: a machine-readable cause',
      properties: {
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'code', 'message'],
            properties: {
              path: { type: 'string', example: 'person.age' },
              code: { type: 'string' },
              message: {
                type: 'object',
                required: ['ja', 'en'],
                properties: { ja: { type: 'string' }, en: { type: 'string' } },
              },
            },
          },
        },
        reason: { type: 'string' },
      },
      additionalProperties: true,
    },
    requestId: { type: 'string' },
  },
} as const;

const ERRORS: Record<string, string> = {
  '400': 'Invalid input (validation_failed, invalid_json, bad_request) with per-field messages',
  '401': 'Not signed in, or the session ended',
  '403': 'Signed in, but this role may not call the route',
  '404': 'Not found',
  '409': 'Conflict: stale version, forbidden transition, duplicate',
  '413': 'Body too large',
  '415': 'Only application/json bodies are accepted',
  '429': 'Rate limited or locked (Retry-After header)',
  '500': 'Unexpected error (no details are leaked)',
  '503': 'Overloaded or a fault: shed, nothing was stored (Retry-After header)',
};

type TOperation = { responses?: Record<string, unknown>; security?: unknown };

/**
 * Every operation can fail with the common error body; the contract describes success, so the error
 * responses, the bearer scheme and each operation's security (`[]` for public ones) are added here once.
 */
export function withCommonErrors(
  document: OpenAPIObject,
  publicPaths: (method: string, path: string) => boolean,
) {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Error: ERROR_SCHEMA as never };
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    bearer: { type: 'http', scheme: 'bearer', description: 'Access token from POST /api/v1/auth/login' },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, TOperation>)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) {
        continue;
      }
      const isPublic = publicPaths(method, path);
      const responses = (operation.responses ??= {});
      for (const [status, description] of Object.entries(ERRORS)) {
        if (isPublic && (status === '401' || status === '403')) {
          continue;
        }
        responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
      }
      operation.security = isPublic ? [] : [{ bearer: [] }];
    }
  }
  return document;
}

/**
 * The OpenAPI 3.1 document, from the routes the app mounted (each from its contract entry). Served at
 * /api/docs-json, linted by Redocly in CI (`npm run openapi:check`).
 */
export function openApiDocument(app: INestApplication, env: Pick<ApiEnv, 'API_PUBLIC_URL'>): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Madoguchi API')
    .setDescription('Case management for consultation desks that help people hit by internet trouble.')
    .setVersion('0.1.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer(env.API_PUBLIC_URL ?? '/', 'This API (API_PUBLIC_URL)')
    .build();
  const publicRoutes = new Set(
    routeTable(app)
      .filter((r) => r.audiences?.includes('public'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
  );
  return withCommonErrors(
    cleanupOpenApiDoc(SwaggerModule.createDocument(app, config), { version: '3.1' }),
    (method, path) => publicRoutes.has(`${method} ${path}`),
  );
}
