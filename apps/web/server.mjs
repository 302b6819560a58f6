// The web app's HTTP server: `node server.mjs` (npm start, npm run dev, the Docker image, the browser
// tests). It exists for one reason: Next.js keeps whatever X-Forwarded-For a client sends, and App Router
// code cannot see the socket, so the address the web app forwards to the API (for per-IP rate limits and
// the audit log) would be the client's own claim. Here every request's client address is worked out from
// the socket and TRUST_PROXY (modules/security/client-address.mjs) and written into X-Forwarded-For as a
// single address before Next.js sees the request; every other address header is removed.
//
// Environment: PORT (3000), HOSTNAME (all interfaces), NODE_ENV (`development`, or the --dev flag, runs
// `next dev`'s compiler; anything else is production), TRUST_PROXY (`false`; see README "Client address"),
// SHUTDOWN_GRACE_MS (10000), KEEP_ALIVE_TIMEOUT (ms, Node's default 5000).
//
// Plain JavaScript on purpose: it runs with `node` before anything is built, and on top of Next's
// standalone output in the Docker image (apps/web/Dockerfile).
/* global console, setTimeout, clearTimeout -- Node.js globals (the lint config names no environment for .mjs) */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { parseTrustProxy, rewriteClientHeaders } from './modules/security/client-address.mjs';

const dir = path.dirname(fileURLToPath(import.meta.url));
const log = (message) => console.log(`[web] ${message}`);

/** Ends the start with a message an operator can act on (no stack trace for a configuration error). */
function refuse(message) {
  console.error(`[web] ${message}`);
  process.exit(1);
}

function integerEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    refuse(`${name} must be a whole number, got "${raw}"`);
  }
  return value;
}

// Next.js's standalone output (the Docker image) writes its own server.js beside this file, with the
// build's configuration inlined: next.config.ts is not there to load. Hand the same serialised
// configuration over the way that server.js does (apps/web/Dockerfile checks, at build time, that it
// still does so).
const standalone = existsSync(path.join(dir, 'server.js'));
const dev = !standalone && (process.env.NODE_ENV === 'development' || process.argv.includes('--dev'));
process.env.NODE_ENV = dev ? 'development' : 'production';
if (standalone) {
  const manifestFile = path.join(dir, '.next', 'required-server-files.json');
  if (!existsSync(manifestFile)) {
    refuse(`${manifestFile} is missing: copy the whole standalone output (see apps/web/Dockerfile).`);
  }
  const { config } = JSON.parse(readFileSync(manifestFile, 'utf8'));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify({ ...config, distDir: './.next' });
}
process.chdir(dir);

let trust;
try {
  trust = parseTrustProxy(process.env.TRUST_PROXY);
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}
// lib/api.ts and the other API callers forward X-Forwarded-For only when this server has written it:
// under a bare `next start` the header is the client's own and they leave it out instead.
process.env.MADOGUCHI_CLIENT_ADDRESS = 'server.mjs';

const port = integerEnv('PORT', 3000);
// Docker sets HOSTNAME to the container's id and some shells export the machine's name: listening on
// whatever address that resolves to is never what was meant, so only an address (or localhost) counts.
const requestedHost = process.env.HOSTNAME?.trim() || undefined;
const host =
  requestedHost && (isIP(requestedHost) || requestedHost === 'localhost') ? requestedHost : undefined;
if (requestedHost && !host) {
  log(`HOSTNAME="${requestedHost}" is not an IP address: listening on all interfaces.`);
}
const graceMs = integerEnv('SHUTDOWN_GRACE_MS', 10_000);
const keepAliveTimeout = integerEnv('KEEP_ALIVE_TIMEOUT', 0) || undefined;

// Imported only now: Next.js and React read NODE_ENV when they load.
const { default: next } = await import('next');

let shuttingDown = false;
const server = createServer({
  // A client gets 20 s to send its headers and 10 minutes for the whole request (evidence files from a phone
  // on a slow line), and a connection that stays silent for a minute is dropped: together they end trickling
  // (slowloris) and stalled requests. The API applies the same bounds (HTTP_REQUEST_TIMEOUT_MS, HTTP_IDLE_TIMEOUT_MS).
  headersTimeout: 20_000,
  requestTimeout: integerEnv('HTTP_REQUEST_TIMEOUT_MS', 600_000),
  ...(keepAliveTimeout ? { keepAliveTimeout } : {}),
});
server.setTimeout(integerEnv('HTTP_IDLE_TIMEOUT_MS', 60_000));
const app = next({ dev, dir, hostname: host ?? 'localhost', port, httpServer: server });
const handle = app.getRequestHandler();

server.on('request', (req, res) => {
  rewriteClientHeaders(req.headers, { socketAddress: req.socket.remoteAddress, trust });
  if (shuttingDown) {
    // Finish this request, but do not keep the connection for another.
    res.setHeader('connection', 'close');
  }
  // A keep-alive connection whose request ends during shutdown would otherwise hold server.close().
  res.once('finish', () => shuttingDown && server.closeIdleConnections());
  handle(req, res).catch((error) => {
    // Next.js renders its own error pages; this only catches a failure of Next.js itself. The details
    // go to the log, never to the client.
    console.error(`[web] ${req.method} ${req.url?.split('?')[0]} failed:`, error);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('エラーが発生しました。 / Internal Server Error\n');
    } else {
      res.destroy();
    }
  });
});

function shutdown(signal) {
  if (shuttingDown) {
    log(`${signal} again: stopping now.`);
    process.exit(1);
  }
  shuttingDown = true;
  log(`${signal}: no new connections; waiting up to ${graceMs} ms for requests in progress.`);
  const force = setTimeout(() => {
    log('Grace period over: closing the remaining connections.');
    server.closeAllConnections();
  }, graceMs);
  force.unref();
  server.close(async () => {
    clearTimeout(force);
    try {
      await app.close();
    } catch (error) {
      console.error('[web] Closing Next.js failed:', error);
    }
    log('Stopped.');
    process.exit(0);
  });
  // Keep-alive connections with no request in progress would otherwise hold server.close() open.
  server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

try {
  await app.prepare();
} catch (error) {
  console.error('[web] Next.js could not start:', error);
  process.exit(1);
}
server.once('error', (error) => refuse(`Cannot listen on ${host ?? '*'}:${port}: ${error.message}`));
server.listen(port, host, () => {
  const address = server.address();
  const where =
    typeof address === 'object' && address
      ? `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : String(address);
  const clients =
    trust.kind === 'none'
      ? 'the socket address (TRUST_PROXY=false)'
      : trust.kind === 'all'
        ? 'X-Forwarded-For from any peer (TRUST_PROXY=true: only behind a proxy that overwrites it)'
        : `the socket address, or X-Forwarded-For from ${trust.entries.join(', ')}`;
  log(
    `Madoguchi web (${dev ? 'development' : 'production'}${standalone ? ', standalone output' : ''}) ` +
      `listening on http://${where}; client address: ${clients}.`,
  );
});
