import type { z } from 'zod';

import type { TErrorCode } from '../api-errors';
import type { TAccess } from '../policy';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A reply that is a file (PDF, CSV), not JSON: the content types it may have. */
export type TFileReply = { readonly file: readonly [string, ...string[]] };

/**
 * One API operation, described once: the API mounts, guards, documents and checks its replies from this;
 * the web's one client builds its calls from it. `path` is below `/api/v1`, with `:name` parameters.
 */
export type TRoute = {
  /** Unique, usable as a method name in a generated client (`listCases`). */
  readonly operationId: string;
  readonly tag: string;
  readonly method: THttpMethod;
  readonly path: `/${string}`;
  readonly summary: string;
  readonly description?: string;
  readonly access: TAccess;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Request headers the operation reads (Idempotency-Key, If-Match), all optional. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The success body: a schema, a file, or `null` for 204 No Content. */
  readonly reply: z.ZodType | TFileReply | null;
  /** The success status; Nest's default (201 for POST, else 200) when absent. */
  readonly status?: 200 | 201 | 204;
  /** Error codes this operation answers besides the common ones (validation, auth, limits, faults). */
  readonly errors?: readonly TErrorCode[];
};

export function route<const T extends TRoute>(definition: T): T {
  return definition;
}

export function successStatus(route: TRoute): number {
  return route.status ?? (route.reply === null ? 204 : route.method === 'POST' ? 201 : 200);
}

export function isFileReply(reply: TRoute['reply']): reply is TFileReply {
  return reply !== null && typeof reply === 'object' && 'file' in reply;
}

type TSchemaOf<R, K extends 'params' | 'query' | 'body'> = R extends { readonly [P in K]: infer S }
  ? S extends z.ZodType
    ? S
    : never
  : never;

/** What a caller passes for a route: params, query and body as the schemas accept them (before parsing). */
export type TRouteInput<R extends TRoute> = ([TSchemaOf<R, 'params'>] extends [never]
  ? { params?: undefined }
  : { params: z.input<TSchemaOf<R, 'params'>> }) &
  ([TSchemaOf<R, 'query'>] extends [never]
    ? { query?: undefined }
    : { query?: z.input<TSchemaOf<R, 'query'>> }) &
  ([TSchemaOf<R, 'body'>] extends [never]
    ? { body?: undefined }
    : { body: z.input<TSchemaOf<R, 'body'>> }) & {
    headers?: Partial<Record<keyof NonNullable<R['headers']> & string, string>>;
  };

/** What a route answers on success, as the client sees it after checking. */
export type TRouteReply<R extends TRoute> = R['reply'] extends z.ZodType
  ? z.output<R['reply']>
  : R['reply'] extends TFileReply
    ? Response
    : undefined;

/** `/cases/:id` with `{ id: 'x' }` → `/cases/x` (each value URI-encoded). */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`Missing path parameter "${name}" for ${path}`);
    }
    return encodeURIComponent(String(value));
  });
}
