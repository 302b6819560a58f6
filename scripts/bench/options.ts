// Command-line options of `npm run bench` (each also settable in the environment).
import { parseArgs } from 'node:util';

export const SCENARIO_GROUPS = [
  'intake',
  'intake-open',
  'login-flood',
  'triage',
  'queue',
  'dashboard',
  'web',
  'search',
  'stats',
  'followups-10k',
  'upload-16x5mb',
] as const;
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number];

export type BenchOptions = {
  cases: number;
  seed: number;
  /** Seconds per measured run (each scenario runs the API and, when paired, the baseline). */
  durationSec: number;
  /** Request cap per measured run, so a fast server cannot run unbounded. */
  maxRequests: number;
  /** Connections for read scenarios; intake uses `intakeConnections`. */
  connections: number;
  intakeConnections: number;
  deepPages: number;
  /** Arrivals per second of the dashboard's open-loop scenarios (queue-dashboard-*, search-mix). */
  readRate: number;
  workers: number;
  chunkSize: number;
  indexes: 'keep' | 'rebuild';
  fresh: boolean;
  generateOnly: boolean;
  build: boolean;
  strict: boolean;
  scenarios: ScenarioGroup[];
  /** NODE_OPTIONS for the API process, to try another setting; default that of `npm start` (scripts/lib/api-runtime.ts). */
  apiNodeOptions: string;
};

export const USAGE = `npm run bench -- [options]

  --cases N             cases in the data set (BENCH_CASES, default 1000000)
  --duration S          seconds per measured run (BENCH_DURATION, default 20)
  --max-requests N      request cap per measured run (default 200000)
  --connections N       connections for the read scenarios (default 4)
  --intake-connections N  connections for the intake burst (default 16)
  --deep-pages N        queue pages to walk before the deep-page run (default 200)
  --read-rate N         requests/s of the dashboard's open-loop scenarios (default 20)
  --scenarios LIST      comma-separated: ${SCENARIO_GROUPS.join(',')} (default all)
  --seed N              data set seed (BENCH_SEED, default 1)
  --workers N           generator threads (BENCH_WORKERS, default 2)
  --indexes rebuild|keep  drop the big tables' indexes and foreign keys for the load and build them after
                        (BENCH_INDEXES, default rebuild, as pg_restore does), or keep them during the load
  --fresh               regenerate the data set even if a matching one exists
  --generate-only       stop after the data set is ready
  --build               rebuild the API before measuring (otherwise only when dist/ is missing)
  --strict              exit 1 when a target is missed (only meaningful at 1,000,000 cases)
  --api-node-options=S  NODE_OPTIONS for the API process instead of npm start's (BENCH_API_NODE_OPTIONS),
                        e.g. --api-node-options=--max-old-space-size=256

Database: an embedded PostgreSQL under .data/bench on port BENCH_PG_PORT (default 54339), or
BENCH_DATABASE_URL.`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      duration: { type: 'string' },
      'max-requests': { type: 'string' },
      connections: { type: 'string' },
      'intake-connections': { type: 'string' },
      'deep-pages': { type: 'string' },
      'read-rate': { type: 'string' },
      scenarios: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      'chunk-size': { type: 'string' },
      indexes: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'generate-only': { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'api-node-options': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const value = Number(raw.replace(/[_,]/g, ''));
    if (!Number.isInteger(value) || value < min) {
      throw new Error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    }
    return value;
  };
  const indexes = values.indexes ?? env.BENCH_INDEXES ?? 'rebuild';
  if (indexes !== 'keep' && indexes !== 'rebuild') {
    throw new Error(`--indexes must be rebuild or keep (got ${indexes})`);
  }
  const scenarios = (values.scenarios ?? SCENARIO_GROUPS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const scenario of scenarios) {
    if (!(SCENARIO_GROUPS as readonly string[]).includes(scenario)) {
      throw new Error(`Unknown scenario ${scenario}; expected some of ${SCENARIO_GROUPS.join(', ')}`);
    }
  }
  return {
    cases: int('cases', values.cases ?? env.BENCH_CASES, 1_000_000, 1_000),
    seed: int('seed', values.seed ?? env.BENCH_SEED, 1, 0),
    durationSec: int('duration', values.duration ?? env.BENCH_DURATION, 20, 1),
    maxRequests: int('max-requests', values['max-requests'], 200_000, 1),
    connections: int('connections', values.connections, 4, 1),
    intakeConnections: int('intake-connections', values['intake-connections'], 16, 1),
    deepPages: int('deep-pages', values['deep-pages'], 200, 1),
    readRate: int('read-rate', values['read-rate'], 20, 1),
    workers: int('workers', values.workers ?? env.BENCH_WORKERS, 2, 1),
    chunkSize: int('chunk-size', values['chunk-size'], 5_000, 100),
    indexes,
    fresh: values.fresh,
    generateOnly: values['generate-only'],
    build: values.build,
    strict: values.strict,
    scenarios: scenarios as ScenarioGroup[],
    apiNodeOptions: values['api-node-options'] ?? env.BENCH_API_NODE_OPTIONS ?? '',
  };
}
