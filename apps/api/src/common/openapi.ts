import type { OpenAPIObject } from '@nestjs/swagger';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'details', 'requestId'],
  properties: {
    code: { type: 'string', example: 'validation_failed' },
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
            properties: {
              path: { type: 'string', example: 'person.age' },
              code: { type: 'string' },
              message: { type: 'object', properties: { ja: { type: 'string' }, en: { type: 'string' } } },
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
};

/**
 * Every operation can fail with the common error body; Nest's decorators only describe success, so
 * the error responses and the bearer scheme are added here once for the whole document.
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
    for (const [method, operation] of Object.entries(
      item as Record<string, { responses?: object; security?: unknown }>,
    )) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) {
        continue;
      }
      const isPublic = publicPaths(method, path);
      const responses = operation.responses as Record<string, unknown>;
      for (const [status, description] of Object.entries(ERRORS)) {
        if (isPublic && (status === '401' || status === '403')) {
          continue;
        }
        responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
      }
      if (!isPublic) {
        operation.security = [{ bearer: [] }];
      }
    }
  }
  return document;
}
