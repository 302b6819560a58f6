/*
 * `npm run openapi:check`: the OpenAPI document exactly as the API serves it at /api/docs-json (the built API,
 * as `npm start` runs it, on a free port; it connects to no database at start-up, so any DATABASE_URL will do),
 * linted by Redocly with its recommended rules (redocly.yaml; errors fail, warnings are printed), then a client
 * type file generated from it by openapi-typescript and a usage sample (scripts/openapi-sample) type-checked
 * against that file with openapi-fetch. A broken description fails here rather than in an integrator's build.
 * The document, the type file and the lint report go to artifacts/openapi/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, repoRoot } from '@madoguchi/db/tooling';
import openapiTS, { astToString } from 'openapi-typescript';
import { API_DIST, ensureApiBuild, startServer } from './bench/processes';

const OUT = path.join(repoRoot, 'artifacts', 'openapi');
const DOCUMENT = path.join(OUT, 'openapi.json');
const log = (line: string) => console.log(`[openapi:check] ${line}`);

/** Runs a tool from node_modules/.bin with its output shown; throws when it fails. */
function run(args: string[]): void {
  execFileSync('npx', ['--no-install', ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
}

async function servedDocument(): Promise<unknown> {
  await ensureApiBuild({ force: true, log });
  const port = await freePort();
  const api = await startServer({
    name: 'API',
    command: process.execPath,
    args: [API_DIST],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      // Never connected to: the document needs the routes, not the data.
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://openapi-check@127.0.0.1:1/openapi-check',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    port,
    readyPath: '/api/docs-json',
  });
  try {
    const response = await fetch(`${api.baseUrl}/api/docs-json`);
    return await response.json();
  } finally {
    await api.stop();
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const document = await servedDocument();
  writeFileSync(DOCUMENT, `${JSON.stringify(document, null, 2)}\n`);
  log(`Served document written to ${path.relative(repoRoot, DOCUMENT)}.`);

  log('redocly lint (recommended rules, redocly.yaml)…');
  run(['redocly', 'lint', DOCUMENT, '--format', 'stylish']);

  log('Generating the client types (openapi-typescript)…');
  // A field with a default is optional to send (the API fills it in); openapi-typescript would otherwise make
  // it required in request bodies too. Replies list every field they always carry under `required`.
  const types = astToString(await openapiTS(new URL(`file://${DOCUMENT}`), { defaultNonNullable: false }));
  writeFileSync(path.join(OUT, 'schema.d.ts'), types);

  log('Type-checking the usage sample against them (openapi-fetch)…');
  run(['tsc', '--noEmit', '-p', path.join('scripts', 'openapi-sample', 'tsconfig.json')]);
  log('OK');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
