// npm start's supervisor (security audit finding 7): the API, the web app and the embedded
// PostgreSQL each restart after a crash, with exponential back-off, while the others keep running.
// Stopping takes everything down, the services marked `stopLast` (the database) after the rest.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

/**
 * The exit code of a process whose configuration is wrong (sysexits' EX_CONFIG): a missing setting, a
 * key-encryption key that does not open the data keys. Restarting cannot help, so the supervisor
 * stops restarting it and reports it once (`onFatal`) instead of crashing it every few seconds.
 */
export const EXIT_CONFIG = 78;

/** One run of a supervised process. */
export type RunningChild = {
  pid: number | undefined;
  /** Settles when the process has ended, however it ended. */
  exited: Promise<ExitInfo>;
  /** Asks it to stop; settles once it has. */
  stop(): Promise<void>;
};

export type ServiceSpec = {
  name: string;
  /** Starts one run; a rejection counts as a crash (after the first start, which it fails). */
  start(): Promise<RunningChild> | RunningChild;
  /** Stopped after every other service (the database the others use). */
  stopLast?: boolean;
};

export type Clock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type RestartPolicy = {
  /** Wait before restarting after a crash; doubles with each crash in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run that lasted this long was healthy: the next crash waits initialDelayMs again. */
  resetAfterMs: number;
};

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
};

/** The policy, with MADOGUCHI_RESTART_DELAY_MS, _MAX_DELAY_MS and _RESET_AFTER_MS (tests) applied. */
export function restartPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RestartPolicy {
  const read = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') {
      return fallback;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`${name} must be a whole number of milliseconds (got "${value}")`);
    }
    return n;
  };
  return {
    initialDelayMs: read('MADOGUCHI_RESTART_DELAY_MS', DEFAULT_RESTART_POLICY.initialDelayMs),
    maxDelayMs: read('MADOGUCHI_RESTART_MAX_DELAY_MS', DEFAULT_RESTART_POLICY.maxDelayMs),
    resetAfterMs: read('MADOGUCHI_RESTART_RESET_AFTER_MS', DEFAULT_RESTART_POLICY.resetAfterMs),
  };
}

/** How long to wait after the n-th crash in a row (n ≥ 1). */
export function restartDelay(policy: RestartPolicy, crashesInARow: number): number {
  const exponent = Math.min(Math.max(crashesInARow - 1, 0), 30);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

type Service = {
  spec: ServiceSpec;
  running?: RunningChild;
  startedAt: number;
  crashesInARow: number;
  restarts: number;
  timer?: unknown;
  /** A restart under way (stop() waits for it, then stops what it started). */
  starting?: Promise<void>;
};

export type SupervisorOptions = {
  policy?: RestartPolicy;
  clock?: Clock;
  log?: (line: string) => void;
  /** Called with each run's pid (pid files). */
  onStart?: (name: string, pid: number | undefined) => void;
  /** Called when a run has ended. */
  onExit?: (name: string) => void;
  /** Called when a run ended with EXIT_CONFIG: it is not restarted. */
  onFatal?: (name: string) => void;
};

export class Supervisor {
  private readonly services: Service[] = [];
  /** First starts under way: stop() waits for them, then stops what they started. */
  private readonly adding = new Set<Promise<RunningChild>>();
  private readonly policy: RestartPolicy;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
    this.clock = options.clock ?? realClock;
    this.log = options.log ?? (() => undefined);
  }

  /** Starts a service and keeps it running from then on; rejects when its first start fails. */
  async add(spec: ServiceSpec): Promise<void> {
    if (this.stopping) {
      throw new Error(`Not starting ${spec.name}: stopping.`);
    }
    const starting = Promise.resolve().then(() => spec.start());
    this.adding.add(starting);
    let child: RunningChild;
    try {
      child = await starting;
    } finally {
      this.adding.delete(starting);
    }
    const service: Service = { spec, startedAt: 0, crashesInARow: 0, restarts: 0 };
    this.services.push(service);
    this.adopt(service, child);
  }

  pid(name: string): number | undefined {
    return this.find(name)?.running?.pid;
  }

  restarts(name: string): number {
    return this.find(name)?.restarts ?? 0;
  }

  /** Stops every service, those marked stopLast after the others. Rejects with the first failure. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.adding]);
    for (const service of this.services) {
      if (service.timer !== undefined) {
        this.clock.clearTimeout(service.timer);
        service.timer = undefined;
      }
    }
    const failures: unknown[] = [];
    const stopAll = async (services: Service[]) => {
      const results = await Promise.allSettled(services.map((s) => this.stopService(s)));
      failures.push(...results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])));
    };
    await stopAll(this.services.filter((s) => !s.spec.stopLast));
    await stopAll(this.services.filter((s) => s.spec.stopLast));
    if (failures.length > 0) {
      throw failures[0];
    }
  }

  private find(name: string): Service | undefined {
    return this.services.find((s) => s.spec.name === name);
  }

  private async stopService(service: Service): Promise<void> {
    await service.starting;
    const child = service.running;
    if (child) {
      await child.stop();
    }
  }

  private adopt(service: Service, child: RunningChild) {
    service.running = child;
    service.startedAt = this.clock.now();
    this.options.onStart?.(service.spec.name, child.pid);
    void child.exited.then((info) => this.exited(service, child, info));
  }

  private exited(service: Service, child: RunningChild, info: ExitInfo) {
    if (service.running !== child) {
      return;
    }
    service.running = undefined;
    this.options.onExit?.(service.spec.name);
    if (this.stopping) {
      return;
    }
    const ranFor = this.clock.now() - service.startedAt;
    if (info.code === EXIT_CONFIG) {
      this.log(
        `${service.spec.name} stopped: its configuration is wrong (exit ${EXIT_CONFIG}, see its message above); not restarting.`,
      );
      this.options.onFatal?.(service.spec.name);
      return;
    }
    if (ranFor >= this.policy.resetAfterMs) {
      service.crashesInARow = 0;
    }
    this.scheduleRestart(service, `exited unexpectedly (${describeExit(info)} after ${seconds(ranFor)})`);
  }

  private scheduleRestart(service: Service, what: string) {
    service.crashesInARow += 1;
    const delay = restartDelay(this.policy, service.crashesInARow);
    this.log(`${service.spec.name} ${what}; restarting in ${seconds(delay)}.`);
    service.timer = this.clock.setTimeout(() => {
      service.timer = undefined;
      service.starting = this.restart(service).finally(() => {
        service.starting = undefined;
      });
    }, delay);
  }

  private async restart(service: Service): Promise<void> {
    if (this.stopping) {
      return;
    }
    let child: RunningChild;
    try {
      child = await service.spec.start();
    } catch (error) {
      if (!this.stopping) {
        this.scheduleRestart(
          service,
          `did not start (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      return;
    }
    service.restarts += 1;
    this.adopt(service, child);
    this.log(`${service.spec.name} restarted (pid ${child.pid ?? '?'}, restart ${service.restarts}).`);
    // stop() began while it was starting: it waits for this promise, then stops the new run.
  }
}

function describeExit(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `code ${info.code ?? '?'}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

export type SpawnOptions = {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** After SIGTERM, how long before SIGKILL. */
  stopTimeoutMs?: number;
};

/**
 * A child in a process group of its own (so stopping reaches whatever it started too, and a
 * terminal's Ctrl-C reaches only npm start, which stops it in order).
 */
export function spawnChild(options: SpawnOptions): RunningChild {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: 'inherit',
    detached: true,
  });
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // Could not be spawned at all (no exit event follows).
    child.once('error', () => {
      if (child.pid === undefined) {
        resolve({ code: null, signal: null });
      }
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
  };
  return {
    pid: child.pid,
    exited,
    stop: async () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      const force = setTimeout(() => signalGroup('SIGKILL'), options.stopTimeoutMs ?? 15_000);
      signalGroup('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** Keeps `<dir>/<name>.pid` up to date (the kill test and operators read them). */
export function pidFiles(dir: string): Pick<SupervisorOptions, 'onStart' | 'onExit'> {
  const file = (name: string) => path.join(dir, `${name}.pid`);
  return {
    onStart: (name, pid) => {
      mkdirSync(dir, { recursive: true });
      if (pid !== undefined) {
        writeFileSync(file(name), `${pid}\n`);
      }
    },
    onExit: (name) => rmSync(file(name), { force: true }),
  };
}
