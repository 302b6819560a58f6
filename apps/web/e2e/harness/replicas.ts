// Two API processes and two web processes on one database, each pair behind a round-robin reverse proxy, as a
// deployment with replicas runs them (docs/deployment.md, section 5). For the test that shows they behave as one
// (two-replicas.e2e.ts); the processes are the browser suite's (stack.ts), with the same environment.
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  apiDir,
  apiEnvironment,
  freePort,
  newStackSecrets,
  serve,
  startDatabase,
  stopServer,
  type TCleanup,
  type TStackOptions,
  type TServer,
  type TStackSecrets,
  waitUntilReady,
  webDir,
  webEnvironment,
} from './stack';

/** The response header naming the backend (1, 2…) that answered through the proxy. */
export const SERVED_BY_HEADER = 'x-served-by';

// Hop-by-hop headers (RFC 9110 section 7.6.1): meant for one connection, never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export type TRoundRobinProxy = {
  url: string;
  /** Every request forwarded, in order: the path and the backend (1-based) it went to. */
  forwarded: { method: string; path: string; backend: number }[];
  close(): Promise<void>;
};

/**
 * A reverse proxy as a load balancer in front of replicas runs it: each request goes to the next backend in
 * turn, the client's address is appended to X-Forwarded-For (as nginx's $proxy_add_x_forwarded_for) and the
 * Host header is kept, and the reply says which backend answered (SERVED_BY_HEADER).
 */
export async function startRoundRobinProxy(backends: string[]): Promise<TRoundRobinProxy> {
  const forwarded: TRoundRobinProxy['forwarded'] = [];
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const backend = next++ % backends.length;
    forwarded.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', backend: backend + 1 });
    const target = new URL(backends[backend]!);
    const forwardedFor = [incoming.headers['x-forwarded-for'], incoming.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...endToEnd(incoming.headers), 'x-forwarded-for': forwardedFor },
      },
      (reply) => {
        outgoing.writeHead(reply.statusCode ?? 502, {
          ...endToEnd(reply.headers),
          [SERVED_BY_HEADER]: String(backend + 1),
        });
        reply.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(502, { [SERVED_BY_HEADER]: String(backend + 1) });
      }
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TReplicatedStack = {
  /** The proxies: what people (webUrl) and the web processes (apiUrl) reach. */
  apiProxy: TRoundRobinProxy;
  webProxy: TRoundRobinProxy;
  databaseUrl: string;
  secrets: TStackSecrets;
  stop(): Promise<void>;
};

export type TReplicatedStackOptions = Pick<TStackOptions, 'admin'> & {
  /** Environment of API process `replica` (1 or 2) beyond the suite's, e.g. its own SMTP server. */
  apiEnv?: (replica: number) => Record<string, string>;
  webEnv?: Record<string, string>;
  log?: (line: string) => void;
};

/**
 * A fresh database, two built API processes and two web processes (the same build, keys and secrets), and a
 * round-robin proxy in front of each pair. The web processes reach the API through its proxy and know their
 * public address as the web proxy's. Expects the build to exist (the suite's globalSetup has built it).
 */
export async function startReplicatedStack(options: TReplicatedStackOptions = {}): Promise<TReplicatedStack> {
  const log = options.log ?? ((line: string) => console.log(`[two-replicas] ${line}`));
  const cleanups: TCleanup[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log(`clean-up failed: ${String(error)}`));
    }
  };
  try {
    const started = Date.now();
    const secrets = newStackSecrets();
    const apiPorts = [await freePort(), await freePort()];
    const webPorts = [await freePort(), await freePort()];
    const apiProxy = await startRoundRobinProxy(apiPorts.map((port) => `http://127.0.0.1:${port}`));
    cleanups.push(() => apiProxy.close());
    const webProxy = await startRoundRobinProxy(webPorts.map((port) => `http://127.0.0.1:${port}`));
    cleanups.push(() => webProxy.close());
    // All four stop at once (each waits for its in-flight requests); registered again once the APIs run, so they
    // stop before their database is dropped.
    const servers: TServer[] = [];
    const stopServers = async () => {
      await Promise.all(servers.map((server) => stopServer(server)));
    };
    cleanups.push(stopServers);

    // The web processes need no database: they start while it is made.
    const webs = webPorts.map((port, index) =>
      serve(
        `replica-web-${index + 1}`,
        process.execPath,
        ['server.mjs'],
        webDir,
        webEnvironment({
          port,
          apiUrl: apiProxy.url,
          publicUrl: webProxy.url,
          secrets,
          extra: options.webEnv,
        }),
      ),
    );
    servers.push(...webs);
    // In the suite's PostgreSQL server (its own database): no second server to start.
    const databaseUrl = await startDatabase(
      {
        admin: options.admin,
        serverUrl: process.env.E2E_DATABASE_URL,
        databaseName: `madoguchi_replicas_${process.pid}`,
      },
      cleanups,
    );
    const apis = apiPorts.map((port, index) =>
      serve(
        `replica-api-${index + 1}`,
        process.execPath,
        ['dist/main.js'],
        apiDir,
        apiEnvironment({
          databaseUrl,
          port,
          secrets,
          extra: { WEB_PUBLIC_URL: webProxy.url, ...options.apiEnv?.(index + 1) },
        }),
      ),
    );
    servers.push(...apis);
    cleanups.push(stopServers);
    // Straight to each process, not through the proxies: every one of them must be up.
    await Promise.all([
      ...apis.map((api, index) =>
        waitUntilReady(api, `http://127.0.0.1:${apiPorts[index]}/api/v1/health/ready`),
      ),
      // The login page: rendered once on each while the APIs start, not on a test's clock.
      ...webs.map((web, index) => waitUntilReady(web, `http://127.0.0.1:${webPorts[index]}/login`)),
    ]);
    log(
      `Two APIs behind ${apiProxy.url} and two webs behind ${webProxy.url} ready (${Date.now() - started} ms).`,
    );
    return { apiProxy, webProxy, databaseUrl, secrets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
