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
};

export type DbClientOptions = DbPoolOptions & { databaseUrl: string };

function pgAdapter(
  databaseUrl: string,
  { poolSize = 10, statementTimeoutMs, applicationName, connectionTimeoutMs }: DbPoolOptions,
): PrismaPg {
  return new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    ...(statementTimeoutMs ? { options: `-c statement_timeout=${Math.round(statementTimeoutMs)}` } : {}),
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
  const factories = new Map(names.map((name) => [name, pgAdapter(options.databaseUrl, options.pools[name])]));
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
