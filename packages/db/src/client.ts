import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/prisma/client';

export type DbPoolOptions = {
  /** Pool size; PostgreSQL's own limit and the API's concurrency decide it. */
  poolSize?: number;
  /**
   * `statement_timeout` of every connection of this pool (ms; 0 or absent: the server's default).
   * Sent in the startup packet (`options=-c statement_timeout=…`), so it holds from the first query
   * and no extra round trip is spent on a `SET` per connection.
   */
  statementTimeoutMs?: number;
  /** Shown in `pg_stat_activity`, so an operator sees which bulkhead a slow query came from. */
  applicationName?: string;
  /** How long to wait for a new connection to the server before failing (ms). */
  connectionTimeoutMs?: number;
  /** The server of this pool (default: the client's `databaseUrl`), e.g. a streaming replica. */
  databaseUrl?: string;
  /**
   * Every transaction of this pool read-only: `default_transaction_read_only=on` in the startup packet, so
   * a write fails ("cannot execute … in a read-only transaction") on the primary as on a standby, and a
   * read-only pool on the primary (no replica configured) behaves as it will on one.
   */
  readOnly?: boolean;
  /**
   * Where this pool's work goes while its own server is unreachable (refused, reset, timed out, shutting
   * down or starting up), e.g. the primary for a replica pool: a second pool with the same options on that
   * URL. After a failure the failover serves for `forMs` (default 30 s), then the own server is tried
   * again. Only for read-only pools: a statement that failed on the way may be sent again, which is safe
   * only when it cannot have written. An interactive transaction moves only when it cannot start.
   */
  failover?: {
    databaseUrl: string;
    forMs?: number;
    applicationName?: string;
    onFailover?: (error: unknown) => void;
  };
};

export type DbClientOptions = DbPoolOptions & { databaseUrl: string };

function pgAdapter(
  databaseUrl: string,
  { poolSize = 10, statementTimeoutMs, applicationName, connectionTimeoutMs, readOnly }: DbPoolOptions,
): PrismaPg {
  const settings = [
    ...(statementTimeoutMs ? [`-c statement_timeout=${Math.round(statementTimeoutMs)}`] : []),
    ...(readOnly ? ['-c default_transaction_read_only=on'] : []),
  ];
  return new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
    ...(applicationName ? { application_name: applicationName } : {}),
    ...(connectionTimeoutMs ? { connectionTimeoutMillis: connectionTimeoutMs } : {}),
  });
}

/** Prisma Client on the pg driver adapter: no native query engine is needed at run time. */
export function createDbClient({ databaseUrl, ...pool }: DbClientOptions) {
  return new PrismaClient({ adapter: pgAdapter(databaseUrl, pool) });
}

export type DbClient = ReturnType<typeof createDbClient>;

/**
 * One Prisma client over several pg pools, each with its own size and statement_timeout (bulkheads).
 * A Prisma client costs about 8 MB of heap for its parameter graph plus its compiled schema in the
 * shared WebAssembly query compiler, so a process with three clients paid that three times; here
 * there is one, and every query, script and transaction goes to the pool of the view it was made
 * through. Queries of an interactive transaction stay on the connection it started on.
 */
export type PooledDbClient<P extends string> = {
  /** The client whose work runs on pool `name`. */
  readonly pools: Readonly<Record<P, DbClient>>;
  /** Closes every pool. */
  disconnect(): Promise<void>;
};

export function createPooledDbClient<P extends string>(options: {
  databaseUrl: string;
  pools: Record<P, DbPoolOptions>;
  /** The pool of work not made through a view (Prisma's own start-up queries). */
  fallback: NoInfer<P>;
}): PooledDbClient<P> {
  const current = new AsyncLocalStorage<P>();
  const names = Object.keys(options.pools) as P[];
  const factories = new Map(
    names.map((name) => [name, poolFactory(options.databaseUrl, options.pools[name])]),
  );
  const pick = () => current.getStore() ?? options.fallback;
  const routing: SqlDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: factories.get(options.fallback)!.adapterName,
    async connect() {
      const adapters = new Map<P, SqlDriverAdapter>();
      for (const [name, factory] of factories) {
        adapters.set(name, await factory.connect());
      }
      const adapter = () => adapters.get(pick())!;
      const fallback = adapters.get(options.fallback)!;
      return {
        provider: fallback.provider,
        adapterName: fallback.adapterName,
        queryRaw: (query) => adapter().queryRaw(query),
        executeRaw: (query) => adapter().executeRaw(query),
        executeScript: (script) => adapter().executeScript(script),
        startTransaction: (isolationLevel) => adapter().startTransaction(isolationLevel),
        getConnectionInfo: () => fallback.getConnectionInfo?.() ?? { supportsRelationJoins: true },
        dispose: async () => {
          await Promise.all([...adapters.values()].map((each) => each.dispose()));
        },
      };
    },
  };
  const client = new PrismaClient({ adapter: routing });
  const pools = Object.fromEntries(
    names.map((name) => [name, routeTo(client, (work) => current.run(name, work))]),
  ) as Record<P, DbClient>;
  return { pools, disconnect: () => client.$disconnect() };
}

/** A pool's adapter factory: its own server, or with a failover, its own server backed by the failover's. */
function poolFactory(clientUrl: string, pool: DbPoolOptions): SqlDriverAdapterFactory {
  const own = pgAdapter(pool.databaseUrl ?? clientUrl, pool);
  if (!pool.failover) {
    return own;
  }
  if (!pool.readOnly) {
    throw new Error(
      'A pool with a failover must be read-only: a retried statement must not be able to write.',
    );
  }
  const { databaseUrl, forMs = 30_000, applicationName, onFailover } = pool.failover;
  const spare = pgAdapter(databaseUrl, { ...pool, applicationName: applicationName ?? pool.applicationName });
  return {
    provider: own.provider,
    adapterName: own.adapterName,
    async connect() {
      return withFailover(await own.connect(), await spare.connect(), forMs, onFailover);
    },
  };
}

/** Error kinds of @prisma/adapter-pg, and PostgreSQL codes, that say the server cannot be reached or used now. */
const UNREACHABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// 57P01-57P03: shutting down, crashed or starting up; 08*: connection exceptions.
const UNREACHABLE_CODES = /^(57P0[123]|08...)$/;

/** Whether an adapter error says the server is unreachable (not that the statement was wrong). */
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const cause = (error as { cause?: { kind?: string; code?: string; originalCode?: string } }).cause;
  if (error.name === 'DriverAdapterError' && cause) {
    return (
      UNREACHABLE_KINDS.has(cause.kind ?? '') ||
      UNREACHABLE_CODES.test(cause.originalCode ?? '') ||
      (cause.kind === 'postgres' && UNREACHABLE_CODES.test(cause.code ?? ''))
    );
  }
  // pg's own errors that the adapter passes through unconverted (connect timeout, a socket closed mid-way).
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(
    error.message,
  );
}

function withFailover(
  own: SqlDriverAdapter,
  spare: SqlDriverAdapter,
  forMs: number,
  onFailover?: (error: unknown) => void,
): SqlDriverAdapter {
  let downUntil = 0;
  const attempt = async <T>(work: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T> => {
    if (Date.now() < downUntil) {
      return work(spare);
    }
    try {
      return await work(own);
    } catch (error) {
      if (!isUnreachable(error)) {
        throw error;
      }
      downUntil = Date.now() + forMs;
      onFailover?.(error);
      return work(spare);
    }
  };
  return {
    provider: own.provider,
    adapterName: own.adapterName,
    queryRaw: (query) => attempt((adapter) => adapter.queryRaw(query)),
    executeRaw: (query) => attempt((adapter) => adapter.executeRaw(query)),
    executeScript: (script) => attempt((adapter) => adapter.executeScript(script)),
    startTransaction: (isolationLevel) => attempt((adapter) => adapter.startTransaction(isolationLevel)),
    getConnectionInfo: () => own.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose: async () => {
      await Promise.all([own.dispose(), spare.dispose()]);
    },
  };
}

type Run = <T>(work: () => T) => T;

/**
 * A view of `target` in which every call runs inside `run`, including the deferred work of the
 * lazy promises Prisma returns: a query starts only when it is awaited (`then`), or when it is
 * handed to `$transaction([...])`, which is itself called through the view. Views and method
 * wrappers are made once per object and method (not per query: every query reads a delegate and a
 * method through the view).
 */
function routeTo<T extends object>(target: T, run: Run, views = new WeakMap<object, object>()): T {
  const known = views.get(target);
  if (known) {
    return known as T;
  }
  // Prisma's delegates hand out a new function at every read: a wrapper is kept per method name and
  // calls the method as it is read at call time.
  const wrappers = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  const view = new Proxy(target, {
    get(object, property, receiver) {
      const known = wrappers.get(property);
      if (known) {
        return known;
      }
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value === 'function') {
        const wrapper = (...args: unknown[]) => {
          const method = Reflect.get(object, property, receiver) as (...args: unknown[]) => unknown;
          return deferred(
            run(() => Reflect.apply(method, object, args)),
            run,
          );
        };
        wrappers.set(property, wrapper);
        return wrapper;
      }
      // Model delegates (`client.case`) are objects whose methods must be routed too.
      if (
        value !== null &&
        typeof value === 'object' &&
        typeof property === 'string' &&
        !property.startsWith('_')
      ) {
        return routeTo(value, run, views);
      }
      return value;
    },
  });
  views.set(target, view);
  return view;
}

const THEN_LIKE = new Set<PropertyKey>(['then', 'catch', 'finally']);

function deferred(result: unknown, run: Run): unknown {
  if (
    result === null ||
    typeof result !== 'object' ||
    typeof (result as PromiseLike<unknown>).then !== 'function'
  ) {
    return result;
  }
  return new Proxy(result, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (THEN_LIKE.has(property) && typeof value === 'function') {
        return (...args: unknown[]) => run(() => Reflect.apply(value, object, args) as unknown);
      }
      return value;
    },
  });
}
