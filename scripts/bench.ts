// npm run bench: the national-scale benchmark (see docs/performance.md).
//
// 1. A database with N realistic cases (default 1,000,000): generated once, reused while its size
//    and seed match (scripts/bench/generate.ts).
// 2. The API from apps/api/dist/main.js and a minimal node:http + pg baseline doing the same work
//    (scripts/bench/baseline-server.ts), both on 127.0.0.1.
// 3. Load scenarios, each bounded in time and requests. Closed loop (autocannon): intake burst, triage queue
//    (first page and deep in the cursor chain), search (two Japanese characters, a phone fragment), one month
//    of statistics, follow-ups falling due, 16 concurrent 5 MB evidence uploads. Open loop (open-loop.ts,
//    latency from the scheduled send): intake at 80 % and 200 % of the measured capacity, the dashboard's
//    real requests (open statuses + counts, deep pages, a 20-term search mix); statistics cold (after
//    restarting the API and PostgreSQL) and warm.
// 4. Results in bench/results/ (JSON + Markdown, and latest.*).
//
// Exits 0 whenever the harness itself worked: targets are printed, not enforced (except --strict).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { canCreateRoles, freePort, repoRoot } from '@madoguchi/db/tooling';
import { monthRange, tokyoDayOf } from '@madoguchi/shared';
import { apiRuntimeEnv } from './lib/api-runtime';
import { localApiDatabaseUrl } from './lib/database';
import { GENERATOR_VERSION, type FactoryConfig } from './bench/case-factory';
import {
  holdsForeignData,
  migrateAndSeed,
  openBenchDatabase,
  readMarker,
  recreateDatabase,
  removeRunLeftovers,
  withClient,
  writeMarker,
  type BenchDatabase,
  type DatasetMarker,
} from './bench/database';
import { CHURN, churnDataset } from './bench/churn';
import { generateDataset, type GenerateStats } from './bench/generate';
import { buildPools, type IdentifierPools } from './bench/identifier-pool';
import { benchKekFile, factoryKeys, openBenchKeys } from './bench/index-key';
import { parseOptions, type BenchOptions } from './bench/options';
import {
  API_DIST,
  BENCH_LOG_DIR,
  ensureApiBuild,
  MemorySampler,
  startServer,
  type Server,
} from './bench/processes';
import { writeReport, type BenchReport } from './bench/report';
import {
  headersFor,
  intakeBodies,
  previewBodies,
  round,
  runScenario as runOne,
  walkCursor,
  type ScenarioContext,
  type ScenarioResult,
  type ScenarioSpec,
} from './bench/scenarios';
import {
  dashboardQueuePath,
  inFlightBound,
  loginFlood,
  OPEN_STATUSES,
  phoneFragment,
  runOpenScenario,
  searchMixBody,
  searchMixTerms,
  walkDashboardQueue,
} from './bench/open-scenarios';
import { useSearchTokenizer } from './bench/queue-request';
import { benchSearchTokenizer } from './bench/search-key';
import { runStatsColdAndWarm } from './bench/stats-cold';
import { staffCookies, startWeb, webBuildMissing } from './bench/web';
import { contentSecurityPolicy, createNonce } from '../apps/web/modules/security/content-security-policy';
import { profileRequest, withAutoExplain } from './bench/profile';
import { openSession, type BenchSession } from './bench/staff';
import { FOLLOWUPS_SCENARIO, runFollowupsScenario } from './bench/followups';
import { UPLOAD_SCENARIO, runUploadScenario } from './bench/uploads';
import { buildTimeline } from './bench/timeline';

/** The bench's API runs as in production, which needs the access codes' key; one per run is enough. */
const BENCH_ACCESS_CODE_KEYS = `bench:${randomBytes(32).toString('base64')}`;
// …and the encrypted fields' key-encryption key (bench/index-key.ts), which outlives the run.

const log = (line: string) => console.log(`[bench] ${line}`);

/**
 * The bench API's evidence store (filesystem): its own directory beside the embedded cluster's, never the
 * development data's .data/evidence, emptied before and after every run (upload-16x5mb writes gigabytes).
 */
const BENCH_EVIDENCE_DIR = path.join(repoRoot, '.data', 'bench-evidence');
const removeBenchEvidence = () => rm(BENCH_EVIDENCE_DIR, { recursive: true, force: true });

const TARGETS = {
  intakeRatio: 0.5,
  queueP95Ms: 50,
  searchP95Ms: 150,
  statsMs: 1000,
  apiRssMb: 300,
  triagePreviewP95Ms: 30,
  // Issue 19's "Done when" (at 1 M cases).
  intakeOpenP99Ms: 300,
  intakeDuringLoginFloodP99Ms: 1000,
  webCasesP95Ms: 250,
  webCasesP99Ms: 500,
  dashboardP95Ms: 50,
  dashboardP99Ms: 150,
  searchMixP95Ms: 150,
  searchMixP99Ms: 400,
  statsColdP95Ms: 1500,
  statsWarmP95Ms: 500,
};

/** The open-loop intake's rates are set from the closed-loop `intake` capacity; this when it was not measured. */
const FALLBACK_INTAKE_CAPACITY = 100;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  log(
    `${options.cases.toLocaleString('en-US')} cases, ${options.durationSec} s per run, ` +
      `load average ${loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs.`,
  );
  const database = await openBenchDatabase(log);
  const servers: Server[] = [];
  let client: pg.Client | undefined;
  let dataUntil: Date | undefined;
  // Ctrl-C: stop what this run started (servers, then the embedded PostgreSQL) before exiting.
  const interrupt = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping…`);
    void Promise.allSettled(servers.map((server) => server.stop()))
      .then(() => removeBenchEvidence().catch(() => undefined))
      .then(() => database.stop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const dataset = await prepareDataset(database, options);
    dataUntil = dataset.dataUntil;
    // The searches the report EXPLAINs are in the API's keyed tokens (search-key.ts).
    const keys = await openBenchKeys(database.url);
    useSearchTokenizer(benchSearchTokenizer(keys.indexRootKey));
    if (options.generateOnly) {
      log('Data set ready (--generate-only).');
      return 0;
    }
    const apiBuiltAt = await ensureApiBuild({ force: options.build, log });
    client = new pg.Client({ connectionString: database.url, application_name: 'madoguchi-bench' });
    await client.connect();
    const statementsAvailable = await enableStatements(client);
    const counselor = await openSession(client, 'counselor');
    const supervisor = await openSession(client, 'supervisor');

    const [apiPort, baselinePort] = [await freePort(), await freePort()];
    await removeBenchEvidence();
    await rm(BENCH_LOG_DIR, { recursive: true, force: true });
    // As npm start runs it: a role with data access only (README, "Database roles"), where the owner
    // may create one. The profiling API below stays the owner: auto_explain's settings need a superuser.
    const apiDatabaseUrl = (await canCreateRoles(database.url))
      ? await localApiDatabaseUrl(database.url, 'bench-db-app-password')
      : database.url;
    const apiEnv = (port: number): NodeJS.ProcessEnv => ({
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: apiDatabaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
      RATE_LIMIT_PREVIEW_PER_MINUTE: '1000000',
      // Behind the bundled web app's proxy: the login flood's X-Forwarded-For addresses are believed from here.
      TRUST_PROXY: '127.0.0.1',
      DATABASE_POOL_SIZE: '10',
      ACCESS_CODE_KEYS: BENCH_ACCESS_CODE_KEYS,
      MADOGUCHI_KEK_FILE: benchKekFile(),
      // followups.scan runs when the followups-10k scenario sends it, not on its own schedule meanwhile.
      FOLLOWUP_SCAN_CRON: '0 4 1 1 *',
      // The filesystem store (S3_BUCKET unset), in a directory of the bench's own; no clamd: files stay pending.
      EVIDENCE_DIR: BENCH_EVIDENCE_DIR,
      S3_BUCKET: '',
      CLAMD_ADDRESS: '',
      // As `npm start` runs it; --api-node-options replaces NODE_OPTIONS (heap limit included).
      ...apiRuntimeEnv(
        options.apiNodeOptions ? { ...process.env, NODE_OPTIONS: options.apiNodeOptions } : process.env,
      ),
    });
    const startApi = (port: number) =>
      startServer({
        name: 'API',
        command: process.execPath,
        args: [API_DIST],
        env: apiEnv(port),
        port,
        readyPath: '/api/v1/health/ready',
        logFile: path.join(BENCH_LOG_DIR, 'api.log'),
      });
    const api = await startApi(apiPort);
    servers.push(api);
    await waitUntilIntakesEncrypted(client, log);
    const baseline = await startServer({
      name: 'baseline',
      command: process.execPath,
      args: ['--import', 'tsx', path.join('scripts', 'bench', 'baseline-server.ts')],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        BASELINE_PORT: String(baselinePort),
        DATABASE_POOL_SIZE: '10',
      },
      port: baselinePort,
      readyPath: '/health',
    });
    servers.push(baseline);
    log(`API (pid ${api.pid}) on ${api.baseUrl}, baseline (pid ${baseline.pid}) on ${baseline.baseUrl}.`);
    const memory = new MemorySampler(api.pid);
    memory.start();
    // The API warms the triage text analysis at start-up, so this includes the lexicon and its matcher.
    const apiIdleRssMb = memory.peakMb;
    const baselineMemory = new MemorySampler(baseline.pid);
    baselineMemory.start();

    const ctx: ScenarioContext = {
      api,
      baseline,
      db: client,
      durationSec: options.durationSec,
      maxRequests: options.maxRequests,
      statementsAvailable,
      apiRssWindow: () => memory.window(),
      apiRssWindowStart: () => memory.windowStart(),
      log,
    };
    const pools = buildPools(options.seed, options.cases);
    const results: ScenarioResult[] = [];
    const specs = new Map<string, ScenarioSpec>();
    const runScenario = (spec: ScenarioSpec, context: ScenarioContext) => {
      specs.set(spec.name, spec);
      return runOne(spec, context);
    };
    const want = (group: string) => options.scenarios.includes(group as never);

    const intakeConfig: FactoryConfig = {
      seed: options.seed,
      cases: options.cases,
      nowMs: Date.now(),
      timeline: buildTimeline({ cases: 1000, seed: options.seed, nowMs: Date.now() }),
      windows: [],
      staff: [{ id: '00000000-0000-4000-8000-000000000000', role: 'counselor' }],
      accessCodeHashes: [],
      ...factoryKeys(keys),
    };
    let intakeCapacity: number | undefined;
    if (want('intake')) {
      const intake = await runScenario(
        {
          name: 'intake',
          group: 'intake',
          description:
            'The burst after a TV warning: public intakes (varied descriptions and scam numbers) with ' +
            'triage, argon2id access-code hash and the inserts of one transaction; baseline: the same work on node:http + pg.',
          method: 'POST',
          path: '/api/v1/intakes',
          body: intakeBodies(intakeConfig, 5000),
          expectStatus: 201,
          connections: options.intakeConnections,
          paired: true,
          target: (r) => ({
            description: `≥ ${TARGETS.intakeRatio * 100} % of baseline, 0 errors`,
            met: r.ratio !== undefined && r.ratio >= TARGETS.intakeRatio && r.errors === 0,
          }),
        },
        ctx,
      );
      results.push(intake);
      if (!intake.skipped && !intake.failed && intake.throughputPerSec > 0) {
        intakeCapacity = intake.throughputPerSec;
      }
    }
    const p95 = (limit: number) => (r: ScenarioResult) => ({
      description: `p95 ≤ ${limit} ms`,
      met: r.p95Ms <= limit,
    });
    if (want('triage')) {
      results.push(
        await runScenario(
          {
            name: 'triage-preview',
            group: 'triage',
            description:
              'The live guidance while a person types: POST /triage/preview with the free text of the triage ' +
              'corpus (Japanese, hiragana, English, one-liners to 5,000-character messages), no answers.',
            method: 'POST',
            path: '/api/v1/triage/preview',
            body: previewBodies(),
            expectStatus: 200,
            connections: options.connections,
            paired: false,
            target: p95(TARGETS.triagePreviewP95Ms),
          },
          ctx,
        ),
      );
    }
    if (want('queue')) {
      results.push(
        await runScenario(
          {
            name: 'queue-first-page',
            group: 'queue',
            description: 'The triage queue as a counselor opens it: priority, then oldest first, 25 rows.',
            method: 'GET',
            path: '/api/v1/cases',
            session: counselor,
            expectStatus: 200,
            connections: options.connections,
            paired: true,
            target: p95(TARGETS.queueP95Ms),
            explain: { limit: 25 },
          },
          ctx,
        ),
      );
      const walk = await walkCursor(api, counselor, options.deepPages * 25).catch((error: unknown) => {
        log(`  queue walk failed: ${String(error)}`);
        return null;
      });
      if (walk?.cursor) {
        const pages = Math.round(walk.depthRows / 25);
        log(
          `  walked ${walk.depthRows} rows (${walk.requests} requests) of the queue in ${walk.seconds.toFixed(1)} s`,
        );
        results.push(
          await runScenario(
            {
              name: 'queue-deep-page',
              group: 'queue',
              description: `The page after ${walk.depthRows.toLocaleString('en-US')} rows (${pages} pages of 25) in the cursor chain.`,
              method: 'GET',
              path: `/api/v1/cases?cursor=${encodeURIComponent(walk.cursor)}`,
              session: counselor,
              expectStatus: 200,
              connections: options.connections,
              paired: true,
              target: p95(TARGETS.queueP95Ms),
              explain: { cursor: walk.cursor, limit: 25 },
              note:
                `The cursor was reached by following nextCursor ${walk.requests} times with limit=100 ` +
                `(${walk.seconds.toFixed(1)} s, ${round((walk.seconds * 1000) / Math.max(1, walk.requests))} ms a request).`,
            },
            ctx,
          ),
        );
      }
    }
    if (want('dashboard')) {
      results.push(
        ...(await runDashboard({
          ctx,
          counselor,
          rate: options.readRate,
          deepPages: options.deepPages,
          pools,
        })),
      );
    }
    if (want('web')) {
      results.push(...(await runWebScenarios({ ctx, client, servers })));
    }
    if (want('search')) {
      const term = '詐欺';
      results.push(
        await runScenario(
          {
            name: 'search-two-characters',
            group: 'search',
            description: `Search for a two-character Japanese word (q=${term}) in descriptions, notes and identifiers.`,
            method: 'POST',
            path: '/api/v1/cases/search',
            body: () => JSON.stringify({ q: term, limit: 25 }),
            session: counselor,
            expectStatus: 200,
            connections: options.connections,
            paired: true,
            target: p95(TARGETS.searchP95Ms),
            explain: { q: term, limit: 25 },
          },
          ctx,
        ),
      );
      const fragment = phoneFragment(pools.phones[0]!);
      results.push(
        await runScenario(
          {
            name: 'search-phone-fragment',
            group: 'search',
            description: `Search for four digits (q=${fragment}) of the most reported scam number (${pools.phones[0]}).`,
            method: 'POST',
            path: '/api/v1/cases/search',
            body: () => JSON.stringify({ q: fragment, limit: 25 }),
            session: counselor,
            expectStatus: 200,
            connections: options.connections,
            paired: true,
            target: p95(TARGETS.searchP95Ms),
            explain: { q: fragment, limit: 25 },
          },
          ctx,
        ),
      );
    }
    if (want('stats')) {
      const month = previousMonth(dataset.dataUntil);
      results.push(
        await runScenario(
          {
            name: 'stats-one-month',
            group: 'stats',
            description: `A supervisor's statistics for ${month.from} … ${month.to}. No baseline: the report's SQL is the stats module's own; absolute target.`,
            method: 'GET',
            path: `/api/v1/stats?from=${month.from}&to=${month.to}`,
            session: supervisor,
            expectStatus: 200,
            connections: 2,
            paired: false,
            target: (r) => ({ description: `p95 ≤ ${TARGETS.statsMs} ms`, met: r.p95Ms <= TARGETS.statsMs }),
          },
          ctx,
        ),
      );
    }
    // After the read scenarios: the open-loop bursts leave a bigger table and a busier process behind them.
    if (want('intake-open')) {
      results.push(
        ...(await runOpenIntake({ ctx, capacity: intakeCapacity, body: intakeBodies(intakeConfig, 5000) })),
      );
    }

    if (want('login-flood')) {
      results.push(
        await runLoginFloodScenario({
          ctx,
          capacity: intakeCapacity,
          body: intakeBodies(intakeConfig, 5000),
        }),
      );
    }
    if (want(FOLLOWUPS_SCENARIO)) {
      results.push(await runFollowupsScenario(ctx, database.url, counselor));
    }
    // Last: it writes gigabytes (fsynced) that would weigh on the database-bound scenarios after it.
    if (want(UPLOAD_SCENARIO)) {
      results.push(
        await runUploadScenario(ctx, {
          session: counselor,
          intakeBody: intakeBodies(intakeConfig, 100),
          apiRssTargetMb: TARGETS.apiRssMb,
          removeFiles: removeBenchEvidence,
        }),
      );
    }
    memory.stop();
    baselineMemory.stop();
    // Last of all: it restarts the API (and the bench's PostgreSQL), so nothing may need the first API after it.
    let coldPeakRssMb = 0;
    if (want('stats')) {
      const month = previousMonth(dataset.dataUntil);
      await baseline.stop(); // its pool would only see the database go away
      let current: Server = api;
      const { cold, warm, peakRssMb } = await runStatsColdAndWarm({
        path: `/api/v1/stats?from=${month.from}&to=${month.to}`,
        month,
        session: supervisor,
        runs: 3,
        warmRequests: Math.max(10, options.durationSec * 4),
        targets: { coldP95Ms: TARGETS.statsColdP95Ms, warmP95Ms: TARGETS.statsWarmP95Ms },
        log,
        restart: async () => {
          await current.stop();
          if (database.restart) {
            await client!.end();
            await database.restart();
            client = new pg.Client({ connectionString: database.url, application_name: 'madoguchi-bench' });
            await client.connect();
            ctx.db = client;
          }
          current = await startApi(await freePort());
          servers.push(current);
          return { api: current, restartedDatabase: database.restart !== null };
        },
      });
      results.push(cold, warm);
      coldPeakRssMb = peakRssMb;
    }
    if (database.serverLog) {
      await profileReads({ results, specs, database, serverLog: database.serverLog, servers });
    }

    const measured = await databaseFacts(client);
    const apiPeakRssMb = Math.max(memory.peakMb, coldPeakRssMb);
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      cases: options.cases,
      seed: options.seed,
      apiPeakRssMb,
      apiIdleRssMb,
      baselinePeakRssMb: baselineMemory.peakMb,
      apiRssTarget: {
        description: `peak RSS ≤ ${TARGETS.apiRssMb} MB`,
        met: apiPeakRssMb <= TARGETS.apiRssMb,
      },
      apiBuiltAt,
      machine: {
        cpus: os.cpus().length,
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        loadAverageAtStart,
        node: process.version,
      },
      database: {
        description: database.description,
        serverVersion: measured.version,
        settings: measured.settings,
      },
      dataset: {
        reused: dataset.reused,
        dataUntil: dataset.dataUntil.toISOString(),
        generation: dataset.generation,
        rows: measured.rows,
        databaseBytes: measured.bytes,
      },
      options: { ...options },
      scenarios: results,
      targetsAtScale: options.cases >= 1_000_000,
    };
    const files = await writeReport(report);
    printSummary(report);
    log(`Results: ${files.json}, ${files.markdown} (and bench/results/latest.*).`);
    const missed = [...results.map((r) => r.target), report.apiRssTarget].filter((t) => t?.met === false);
    if (options.strict && report.targetsAtScale && missed.length > 0) {
      log(`${missed.length} target(s) missed (--strict).`);
      return 1;
    }
    return 0;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await removeBenchEvidence().catch(() => undefined);
    if (client) {
      await client.query(`DELETE FROM sessions WHERE user_agent = 'madoguchi-bench'`).catch(() => undefined);
      await client.end();
    }
    if (dataUntil) {
      const removed = await removeRunLeftovers(database.url, dataUntil).catch(() => 0);
      if (removed > 0) {
        log(`Removed the ${removed.toLocaleString('en-US')} cases this run added.`);
      }
    }
    await database.stop();
  }
}

/**
 * One request per read scenario against an API whose connections EXPLAIN ANALYZE every statement
 * slower than 10 ms (auto_explain): the plans go into the report next to the numbers.
 */
async function profileReads(args: {
  results: ScenarioResult[];
  specs: Map<string, ScenarioSpec>;
  database: BenchDatabase;
  serverLog: NonNullable<BenchDatabase['serverLog']>;
  servers: Server[];
}): Promise<void> {
  // Scenarios run from a spec (followups-10k drives its own load and has none).
  const reads = args.results.filter((r) => !r.skipped && r.method === 'GET' && args.specs.has(r.name));
  if (reads.length === 0) {
    return;
  }
  const port = await freePort();
  log('Profiling one request per read scenario (auto_explain)…');
  const profiler = await startServer({
    name: 'API (profiling)',
    command: process.execPath,
    args: [API_DIST],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: withAutoExplain(args.database.url, 10),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '2',
      ACCESS_CODE_KEYS: BENCH_ACCESS_CODE_KEYS,
      MADOGUCHI_KEK_FILE: benchKekFile(),
    },
    port,
    readyPath: '/api/v1/health/ready',
  });
  args.servers.push(profiler);
  try {
    for (const result of reads) {
      const spec = args.specs.get(result.name)!;
      const request = {
        serverLog: args.serverLog,
        url: `${profiler.baseUrl}${spec.path}`,
        headers: headersFor(spec),
      };
      await profileRequest(request); // the first one also pays for connecting and planning caches
      result.profile = (await profileRequest(request)).slice(0, 4);
    }
  } finally {
    await profiler.stop();
  }
}

/** `generation`: this run's, or (reused) the stored one from the run that made the data set. */
type Dataset = { dataUntil: Date; generation: GenerateStats | null; reused: boolean };

async function prepareDataset(database: BenchDatabase, options: BenchOptions): Promise<Dataset> {
  await migrateAndSeed(database.url);
  const marker = await readMarker(database.url);
  const matches =
    marker?.state === 'complete' &&
    marker.cases === options.cases &&
    marker.seed === options.seed &&
    marker.generatorVersion === GENERATOR_VERSION;
  if (matches && !options.fresh) {
    const removed = await removeRunLeftovers(database.url, marker.dataUntil);
    log(
      `Reusing the data set of ${marker.cases.toLocaleString('en-US')} cases` +
        (removed > 0 ? ` (removed ${removed} cases left by an earlier run).` : '.'),
    );
    const stored = (await withChurn(database.url, marker)).details as Partial<GenerateStats>;
    return {
      dataUntil: marker.dataUntil,
      generation: typeof stored.loadSeconds === 'number' ? (stored as GenerateStats) : null,
      reused: true,
    };
  }
  if (!database.embedded && (await holdsForeignData(database.url))) {
    throw new Error(
      'BENCH_DATABASE_URL points at a database with cases that the benchmark did not make; ' +
        'use an empty database (the benchmark drops and recreates it).',
    );
  }
  log(
    marker === null
      ? 'No data set yet: generating.'
      : options.fresh
        ? 'Regenerating (--fresh).'
        : marker.state !== 'complete'
          ? 'The last generation did not finish: generating again.'
          : `The stored data set has ${marker.cases.toLocaleString('en-US')} cases (seed ${marker.seed}, ` +
            `generator v${marker.generatorVersion}): generating ${options.cases.toLocaleString('en-US')}.`,
  );
  await recreateDatabase(database.url);
  await migrateAndSeed(database.url);
  const generation = await generateDataset({
    url: database.url,
    cases: options.cases,
    seed: options.seed,
    workers: options.workers,
    chunkSize: options.chunkSize,
    indexes: options.indexes,
    localServer: database.embedded,
    log,
  });
  const generated = await readMarker(database.url);
  const churned = (await withChurn(database.url, generated!)).details as GenerateStats;
  return { dataUntil: new Date(generation.dataUntil), generation: churned, reused: false };
}

/**
 * The data set's update history (scripts/bench/churn.ts), once: a data set generated before it existed gets it on
 * its next use. Recorded in the marker's details (`churn`), which the report prints with the generation.
 */
async function withChurn(url: string, marker: DatasetMarker): Promise<DatasetMarker> {
  if ((marker.details as Partial<GenerateStats>).churn) {
    return marker;
  }
  log(`Update churn: rewriting the last ${CHURN.days} days' cases and referrals ${CHURN.rounds} times…`);
  const churn = await withClient(url, (client) => churnDataset(client, marker.dataUntil, log));
  log(
    `Update churn done in ${churn.seconds.toFixed(0)} s: cases heap ${mb(churn.bytes.before.casesHeap)} → ` +
      `${mb(churn.bytes.after.casesHeap)} MB, its indexes ${mb(churn.bytes.before.casesIndexes)} → ` +
      `${mb(churn.bytes.after.casesIndexes)} MB; ${churn.hotUpdates.toLocaleString('en-US')} of ` +
      `${churn.rewritten.cases.toLocaleString('en-US')} case rewrites stayed on their page.`,
  );
  const updated = { ...marker, details: { ...marker.details, churn } };
  await writeMarker(url, updated);
  return updated;
}

const mb = (bytes: number) => Math.round(bytes / 1048576).toLocaleString('en-US');

/** pg_stat_statements, when the server preloads it (the embedded one does: see database.ts). */
async function enableStatements(client: pg.Client): Promise<boolean> {
  try {
    await client.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
    await client.query(`SELECT 1 FROM pg_stat_statements LIMIT 1`);
    return true;
  } catch {
    return false;
  }
}

async function databaseFacts(client: pg.Client) {
  const version = await client.query<{ server_version: string }>(`SHOW server_version`);
  const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)`,
    [
      [
        'shared_buffers',
        'work_mem',
        'effective_cache_size',
        'random_page_cost',
        'max_connections',
        'jit',
        'max_parallel_workers_per_gather',
      ],
    ],
  );
  const rows = await client.query<{ relname: string; n: string }>(
    `SELECT relname, reltuples::bigint AS n FROM pg_class
     WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> '_prisma_migrations'
     ORDER BY relname`,
  );
  const bytes = await client.query<{ size: string }>(`SELECT pg_database_size(current_database()) AS size`);
  return {
    version: version.rows[0]!.server_version,
    settings: Object.fromEntries(
      settings.rows.map((s) => [s.name, `${s.setting}${s.unit ? ` ${s.unit}` : ''}`]),
    ),
    rows: Object.fromEntries(rows.rows.map((r) => [r.relname, Math.max(0, Number(r.n))])),
    bytes: Number(bytes.rows[0]!.size),
  };
}

/**
 * intake-open-80pct and intake-open-200pct: public intakes arriving on a schedule at max(80 % of the
 * closed-loop capacity, 80/s) and at 200 % of it. Under the second the API must shed (503 + Retry-After), never 500.
 */
async function runOpenIntake(args: {
  ctx: ScenarioContext;
  capacity: number | undefined;
  body: () => string;
}): Promise<ScenarioResult[]> {
  const capacity = args.capacity ?? FALLBACK_INTAKE_CAPACITY;
  const measured = args.capacity !== undefined;
  const capacityNote = measured
    ? `Capacity ${capacity} intakes/s: the closed-loop \`intake\` scenario's API throughput in this run.`
    : `Capacity not measured in this run (the \`intake\` scenario did not run): ${capacity}/s assumed.`;
  const results: ScenarioResult[] = [];
  const levels = [
    {
      name: 'intake-open-80pct',
      rate: Math.max(Math.round(capacity * 0.8), 80),
      what: 'max(80 % of capacity, 80/s)',
      target: (r: ScenarioResult) => ({
        description: `0 errors, p99 ≤ ${TARGETS.intakeOpenP99Ms} ms`,
        met: r.errors === 0 && r.p99Ms <= TARGETS.intakeOpenP99Ms,
      }),
    },
    {
      name: 'intake-open-200pct',
      rate: Math.round(capacity * 2),
      what: '200 % of capacity',
      target: (r: ScenarioResult) => ({
        description: 'status5xx = 0 (the excess shed with 503 + Retry-After)',
        met: r.status5xx === 0 && (r.errorDetail.socket ?? 0) === 0 && (r.errorDetail.timeout ?? 0) === 0,
      }),
    },
  ];
  for (const level of levels) {
    results.push(
      await runOpenScenario(
        {
          name: level.name,
          group: 'intake-open',
          description:
            `Public intakes (the \`intake\` bodies) arriving on a fixed schedule at ${level.rate}/s, ${level.what}, ` +
            "whatever the answers; latency from each request's scheduled send.",
          method: 'POST',
          path: '/api/v1/intakes',
          request: () => ({ path: '/api/v1/intakes', body: args.body() }),
          expectStatus: [201],
          ratePerSec: level.rate,
          durationSec: args.ctx.durationSec,
          maxInFlight: inFlightBound(level.rate),
          target: level.target,
          note: capacityNote,
        },
        args.ctx,
      ),
    );
  }
  return results;
}

/** 20 signed-in staff, each opening the cases page every 3 s on average (issue 19). */
const WEB_STAFF = { people: 20, everySec: 3 };

/**
 * The web app's scenarios, on one production server:
 * - web-cases-page: the Next.js /cases page (server-rendered: the queue with counts and the directory from the
 *   API), requested open loop by 20 signed-in counselors in turn, one page every 3 s each;
 * - web-intake-page and web-landing-page: the public pages as a burst of people opens them (PUBLIC_PAGE_BURST),
 *   the consultation form (rendered per request, with a fresh CSP nonce) and the landing page (prerendered,
 *   with the static policy): what the per-request nonce costs, issue 19.
 */
async function runWebScenarios(args: {
  ctx: ScenarioContext;
  client: pg.Client;
  servers: Server[];
}): Promise<ScenarioResult[]> {
  const { ctx } = args;
  const rate = Math.round((WEB_STAFF.people / WEB_STAFF.everySec) * 100) / 100;
  // Longer than the other runs: at a few pages a second, 5 s would give too few samples for a p99.
  const durationSec = Math.max(15, ctx.durationSec * 2);
  const base = {
    ...emptyResult('web-cases-page', 'web', 'GET', '/cases'),
    description:
      `The Next.js /cases page (production build, node server.mjs) as ${WEB_STAFF.people} signed-in counselors open it, ` +
      `each every ${WEB_STAFF.everySec} s on average: ${rate} pages/s in turn on a fixed schedule, ${durationSec} s.`,
  };
  const missing = webBuildMissing();
  if (missing) {
    ctx.log(`  web-cases-page: skipped (${missing})`);
    return [{ ...base, skipped: missing }];
  }
  const secret = randomBytes(32).toString('base64url');
  let web: Server;
  try {
    web = await startWeb(ctx.api.baseUrl, secret);
  } catch (error) {
    const reason = `the web app did not start: ${String(error).slice(0, 400)}`;
    ctx.log(`  web-cases-page: FAILED (${reason})`);
    return [{ ...base, failed: reason }];
  }
  args.servers.push(web);
  try {
    const cookies = await staffCookies(args.client, WEB_STAFF.people, secret);
    const casesPage = await runOpenScenario(
      {
        name: 'web-cases-page',
        group: 'web',
        description: base.description,
        method: 'GET',
        path: '/cases',
        request: (index) => ({ path: '/cases', headers: { cookie: cookies[index % cookies.length]! } }),
        expectStatus: [200],
        // The dashboard counts: the page itself with the API's answer, not the sign-in form or an error state.
        expectBody: /id="counts-title"/,
        ratePerSec: rate,
        durationSec,
        maxInFlight: inFlightBound(rate),
        target: (r) => ({
          description: `p95 ≤ ${TARGETS.webCasesP95Ms} ms, p99 ≤ ${TARGETS.webCasesP99Ms} ms`,
          met: r.errors === 0 && r.p95Ms <= TARGETS.webCasesP95Ms && r.p99Ms <= TARGETS.webCasesP99Ms,
        }),
        note: 'API peak RSS as for every scenario; the web process is not sampled.',
      },
      { ...ctx, api: web },
    );
    return [casesPage, ...(await runPublicPages(ctx, web))];
  } finally {
    await web.stop();
  }
}

/** People opening the public pages at once, per second: the intake burst's rate (issue 19: ≥ 80/s). */
const PUBLIC_PAGE_BURST = 80;

/** The public pages under a burst; see runWebScenarios. No target: the issue asks what the nonce costs. */
async function runPublicPages(ctx: ScenarioContext, web: Server): Promise<ScenarioResult[]> {
  const nonceMicros = nonceCostMicros();
  const pages = [
    {
      name: 'web-intake-page',
      path: '/intake',
      // The consultation form itself (its first question), not an error page.
      expectBody: /<form/,
      what: 'the consultation form (rendered per request: a fresh nonce in its Content-Security-Policy)',
    },
    {
      name: 'web-landing-page',
      path: '/',
      expectBody: /href="\/intake"/,
      what: 'the landing page (prerendered at build time, the static policy: no nonce)',
    },
  ];
  const results: ScenarioResult[] = [];
  for (const page of pages) {
    results.push(
      await runOpenScenario(
        {
          name: page.name,
          group: 'web',
          description:
            `GET ${page.path}, ${page.what}, as a burst of people opens it: ${PUBLIC_PAGE_BURST}/s open loop, ` +
            `${ctx.durationSec} s, from the production build.`,
          method: 'GET',
          path: page.path,
          request: () => ({ path: page.path }),
          expectStatus: [200],
          expectBody: page.expectBody,
          ratePerSec: PUBLIC_PAGE_BURST,
          durationSec: ctx.durationSec,
          maxInFlight: inFlightBound(PUBLIC_PAGE_BURST),
          target: () => ({ description: 'none (measured: what the per-request nonce costs)', met: null }),
          note:
            `Making a nonce and its policy costs ${nonceMicros.toFixed(1)} µs a request in this process ` +
            '(createNonce + contentSecurityPolicy); the difference between the two pages is the rendering a nonce ' +
            'requires (the form renders per request anyway: it is dynamic without the nonce too).',
        },
        { ...ctx, api: web },
      ),
    );
  }
  return results;
}

/** Microseconds for a fresh nonce and its policy string, as proxy.ts makes them for every nonce page. */
function nonceCostMicros(): number {
  const rounds = 20_000;
  let length = 0;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) {
    length += contentSecurityPolicy({ nonce: createNonce(), dev: false }).length;
  }
  const micros = ((performance.now() - started) * 1000) / rounds;
  return length > 0 ? micros : Number.NaN;
}

/** Sign-in attempts per second and the addresses they come from (issue 19: ≥ 200/s from ≥ 1,000). */
const LOGIN_FLOOD = { ratePerSec: 200, addresses: 1000 };

/**
 * intake-during-login-flood: intakes open loop at the 80 % rate while a login flood arrives through the trusted
 * proxy from many addresses (so per-address limits do not stop it): staff password hashing must not starve intakes.
 */
async function runLoginFloodScenario(args: {
  ctx: ScenarioContext;
  capacity: number | undefined;
  body: () => string;
}): Promise<ScenarioResult> {
  const capacity = args.capacity ?? FALLBACK_INTAKE_CAPACITY;
  const rate = Math.max(Math.round(capacity * 0.8), 80);
  return runOpenScenario(
    {
      name: 'intake-during-login-flood',
      group: 'login-flood',
      description:
        `Public intakes at ${rate}/s (as intake-open-80pct), open loop, while ${LOGIN_FLOOD.ratePerSec} sign-in ` +
        `attempts/s arrive from ${LOGIN_FLOOD.addresses.toLocaleString('en-US')} addresses through the trusted proxy ` +
        '(X-Forwarded-For, TRUST_PROXY=127.0.0.1).',
      method: 'POST',
      path: '/api/v1/intakes',
      request: () => ({ path: '/api/v1/intakes', body: args.body() }),
      expectStatus: [201],
      ratePerSec: rate,
      durationSec: args.ctx.durationSec,
      maxInFlight: inFlightBound(rate),
      target: (r) => ({
        description: `intake p99 ≤ ${TARGETS.intakeDuringLoginFloodP99Ms.toLocaleString('en-US')} ms`,
        met: r.p99Ms <= TARGETS.intakeDuringLoginFloodP99Ms,
      }),
      during: () =>
        loginFlood({
          baseUrl: args.ctx.api.baseUrl,
          ratePerSec: LOGIN_FLOOD.ratePerSec,
          durationSec: args.ctx.durationSec,
          addresses: LOGIN_FLOOD.addresses,
        }),
    },
    args.ctx,
  );
}

/**
 * The dashboard's real requests, open loop at `rate`/s: the cases page's first request (every open status and
 * counts=true), its later pages deep in the cursor chain, and a 20-term search mix with the page's filters.
 */
async function runDashboard(args: {
  ctx: ScenarioContext;
  counselor: BenchSession;
  rate: number;
  deepPages: number;
  pools: IdentifierPools;
}): Promise<ScenarioResult[]> {
  const { ctx, counselor, rate } = args;
  const results: ScenarioResult[] = [];
  const common = {
    group: 'dashboard' as const,
    session: counselor,
    expectStatus: [200],
    ratePerSec: rate,
    durationSec: ctx.durationSec,
    maxInFlight: inFlightBound(rate),
  };
  const queueTarget = (r: ScenarioResult) => ({
    description: `p95 ≤ ${TARGETS.dashboardP95Ms} ms, p99 ≤ ${TARGETS.dashboardP99Ms} ms`,
    met: r.errors === 0 && r.p95Ms <= TARGETS.dashboardP95Ms && r.p99Ms <= TARGETS.dashboardP99Ms,
  });
  const firstPath = dashboardQueuePath();
  results.push(
    await runOpenScenario(
      {
        ...common,
        name: 'queue-dashboard-first',
        description:
          `The cases page as a counselor opens it (apps/web toCaseQuery): statuses ${OPEN_STATUSES.join(', ')}, ` +
          `limit 25 and counts=true, ${rate} pages/s.`,
        method: 'GET',
        path: firstPath,
        request: () => ({ path: firstPath }),
        target: queueTarget,
      },
      ctx,
    ),
  );
  const walk = await walkDashboardQueue({
    baseUrl: ctx.api.baseUrl,
    session: counselor,
    rows: args.deepPages * 25,
  }).catch((error: unknown) => {
    ctx.log(`  dashboard queue walk failed: ${String(error)}`);
    return null;
  });
  if (walk && walk.cursors.length > 0) {
    const cursors = walk.cursors;
    results.push(
      await runOpenScenario(
        {
          ...common,
          name: 'queue-dashboard-deep',
          description:
            `Later pages of the cases page (open statuses, limit 25, counts=true, cursor): ${cursors.length} cursors ` +
            `between ${Math.round(walk.depthRows / 2).toLocaleString('en-US')} and ${walk.depthRows.toLocaleString('en-US')} ` +
            `rows deep in turn, ${rate} pages/s.`,
          method: 'GET',
          path: dashboardQueuePath('…'),
          request: (index) => ({ path: dashboardQueuePath(cursors[index % cursors.length]) }),
          target: queueTarget,
          note:
            `The cursors were collected by following nextCursor ${walk.requests} times (limit 100, the same filters) ` +
            `in ${walk.seconds.toFixed(1)} s.`,
        },
        ctx,
      ),
    );
  } else {
    results.push({
      ...emptyResult('queue-dashboard-deep', 'dashboard', 'GET', dashboardQueuePath('…')),
      skipped: walk
        ? `the open queue ended after ${walk.depthRows} rows: no page deeper than the first`
        : 'walking the queue failed (see the log)',
    });
  }
  const terms = searchMixTerms(args.pools);
  results.push(
    await runOpenScenario(
      {
        ...common,
        name: 'search-mix',
        description:
          `POST /cases/search as the cases page sends it (open statuses, limit 25, counts: 'true', every fourth with ` +
          `a preset: priority, unassigned, mine, overdue) over ${terms.length} terms in turn, ${rate} searches/s: ` +
          terms.map((t) => `「${t}」`).join(' '),
        method: 'POST',
        path: '/api/v1/cases/search',
        request: (index) => ({ path: '/api/v1/cases/search', body: searchMixBody(terms, index) }),
        target: (r) => ({
          description: `p95 ≤ ${TARGETS.searchMixP95Ms} ms, p99 ≤ ${TARGETS.searchMixP99Ms} ms`,
          met: r.errors === 0 && r.p95Ms <= TARGETS.searchMixP95Ms && r.p99Ms <= TARGETS.searchMixP99Ms,
        }),
      },
      ctx,
    ),
  );
  return results;
}

function emptyResult(
  name: string,
  group: ScenarioResult['group'],
  method: 'GET' | 'POST',
  path: string,
): ScenarioResult {
  return {
    name,
    group,
    description: '',
    method,
    path,
    connections: 0,
    durationSec: 0,
    requests: 0,
    throughputPerSec: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    errors: 0,
    errorDetail: {},
  };
}

/** The last whole calendar month (Japan time) before the data set's end. */
function previousMonth(dataUntil: Date): { from: string; to: string } {
  const { year, month } = tokyoDayOf(dataUntil);
  return month === 1
    ? monthRange(`${year - 1}-12`)
    : monthRange(`${year}-${String(month - 1).padStart(2, '0')}`);
}

function printSummary(report: BenchReport): void {
  console.log('');
  console.log(
    `Results at ${report.cases.toLocaleString('en-US')} cases${report.targetsAtScale ? '' : ' (targets are for 1,000,000 cases: information only)'}:`,
  );
  for (const s of report.scenarios) {
    if (s.skipped || s.failed) {
      console.log(`  ${s.name.padEnd(24)} ${s.skipped ? `skipped: ${s.skipped}` : `FAILED: ${s.failed}`}`);
      continue;
    }
    const ratio =
      s.ratio !== undefined
        ? `  ratio ${s.ratio.toFixed(2)} (baseline ${s.baselineThroughputPerSec} req/s)`
        : '';
    const verdict = s.target?.met === null ? 'n/a' : s.target?.met ? 'met' : 'MISSED';
    const target = s.target ? `  [${s.target.description}: ${verdict}]` : '';
    const upload = s.upload ? `  ${s.upload.megabytesPerSec} MB/s` : '';
    const rss =
      s.apiPeakRssMb !== undefined
        ? `  API RSS ${s.apiStartRssMb !== undefined ? `${s.apiStartRssMb} → ` : ''}${s.apiPeakRssMb} MB`
        : '';
    console.log(
      `  ${s.name.padEnd(24)} ${String(s.throughputPerSec).padStart(8)} req/s  p50 ${s.p50Ms} ms  p95 ${s.p95Ms} ms  ` +
        `p99 ${s.p99Ms} ms  errors ${s.errors}${s.status5xx ? ` (5xx ${s.status5xx})` : ''}` +
        `${s.shed503 ? ` (shed 503 ${s.shed503})` : ''}${upload}${rss}${ratio}${target}`,
    );
  }
  console.log(
    `  API peak RSS ${report.apiPeakRssMb} MB  [${report.apiRssTarget.description}: ${report.apiRssTarget.met ? 'met' : 'MISSED'}]`,
  );
  console.log('');
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  });

/**
 * The generator writes intakes and identifiers in clear (as a database from before field encryption); the API's
 * keys.reencrypt job, queued at its start, encrypts them (and its search.reindex job keys the identifiers). Measuring while it runs would time that job, not the requests: wait for
 * it once (a reused data set is already encrypted and passes at once).
 */
async function waitUntilIntakesEncrypted(client: pg.Client, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const deadline = started + 60 * 60_000;
  // The same rows the job encrypts (apps/api/src/common/crypto/encrypted-columns.ts).
  const clear = `SELECT EXISTS (SELECT 1 FROM intakes
    WHERE (description <> '' AND description NOT LIKE 'enc:%') OR (raw <> '{}' AND raw NOT LIKE 'enc:%')
      OR (contact IS NOT NULL AND contact NOT LIKE 'enc:%')
      OR (identifiers <> '{}' AND identifiers NOT LIKE 'enc:%'))
    -- The generated identifiers, in clear without a keyed value: the search.reindex job converts them.
    OR EXISTS (SELECT 1 FROM identifiers WHERE value_key IS NULL) AS clear`;
  let waited = false;
  while ((await client.query<{ clear: boolean }>(clear)).rows[0]?.clear) {
    if (!waited) {
      log('Waiting for the API to encrypt the generated intakes (keys.reencrypt, once per data set)…');
      waited = true;
    }
    if (performance.now() > deadline) {
      throw new Error(
        'The generated intakes were not encrypted within an hour: is the keys.reencrypt job running?',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  if (waited) {
    log(`Intakes encrypted at rest in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  }
}
