// The servers under test, each its own process: the API from apps/api/dist/main.js (as `npm start`
// runs it) and the baseline. Their memory is read from /proc while the load runs.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db/tooling';

export const API_DIST = path.join(repoRoot, 'apps', 'api', 'dist', 'main.js');

/** The servers' output of the last run (emptied when a run starts): why a sweep failed, what a 500 said. */
export const BENCH_LOG_DIR = path.join(repoRoot, '.data', 'bench-logs');

export type Server = {
  name: string;
  pid: number;
  baseUrl: string;
  /** Last lines of its output, for error messages. */
  output(): string;
  stop(): Promise<void>;
};

/** Builds the API when its bundle is missing (or when asked to). */
export async function ensureApiBuild(options: {
  force: boolean;
  log: (line: string) => void;
}): Promise<string> {
  if (options.force || !existsSync(API_DIST)) {
    options.log('Building the API (npx turbo run build --filter=@madoguchi/api)…');
    await run('npx', ['turbo', 'run', 'build', '--filter=@madoguchi/api', '--output-logs=errors-only']);
  }
  return statSync(API_DIST).mtime.toISOString();
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code})`)),
    );
  });
}

export async function startServer(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  /** Where the process's whole output is appended (each start marked), for reading after a run. */
  logFile?: string;
}): Promise<Server> {
  const lines: string[] = [];
  const log = options.logFile ? openLog(options.logFile, options.name) : undefined;
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: repoRoot,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (data: Buffer) => {
    log?.write(data);
    lines.push(...data.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  let ready = false;
  let stopping = false;
  child.once('exit', (code, signal) => {
    exited = true;
    log?.end(`--- ${options.name} exited (code ${code}, signal ${signal}) at ${new Date().toISOString()}\n`);
    if (ready && !stopping) {
      // Mid-run: every later request fails with a socket error, so say why here.
      process.stderr.write(
        `[bench] ${options.name} (pid ${child.pid}) exited during the run (code ${code}, signal ${signal}); ` +
          `its last output:\n${lines.join('\n')}\n`,
      );
    }
  });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const server: Server = {
    name: options.name,
    pid: child.pid!,
    baseUrl,
    output: () => lines.join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (exited) {
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`${options.name} exited during start-up:\n${server.output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}${options.readyPath}`);
      if (response.ok) {
        ready = true;
        return server;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop();
  throw new Error(`${options.name} did not become ready within 60 s:\n${server.output()}`);
}

function openLog(file: string, name: string): WriteStream {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file, { flags: 'a' });
  stream.write(`--- ${name} started at ${new Date().toISOString()}\n`);
  return stream;
}

/**
 * Polls VmRSS and reads VmHWM (the kernel's own peak) of a process. Each `window()` also resets VmHWM (writing 5
 * to /proc/<pid>/clear_refs), so a scenario's peak is the kernel's exact peak during it, not only what the
 * 200 ms polls saw; where that write is refused, the polls alone.
 */
export class MemorySampler {
  private peakKb = 0;
  /** Peak RSS since the last `window()` call: which scenario made the process grow. */
  private windowKb = 0;
  /** VmRSS when the current window began. */
  private windowStartKb = 0;
  /** Whether VmHWM was reset when the current window began (until then it is the whole life's peak). */
  private hwmIsWindow = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  sample(): void {
    const status = readStatus(this.pid);
    if (status) {
      this.peakKb = Math.max(this.peakKb, status.rssKb, status.hwmKb);
      this.windowKb = Math.max(this.windowKb, status.rssKb, this.hwmIsWindow ? status.hwmKb : 0);
    }
  }

  /** Peak RSS (MB) since the previous call; the next window starts now. */
  window(): number {
    this.sample();
    const mb = toMb(this.windowKb);
    this.hwmIsWindow = resetPeak(this.pid);
    this.windowStartKb = readStatus(this.pid)?.rssKb ?? 0;
    this.windowKb = this.windowStartKb;
    return mb;
  }

  /** RSS (MB) when the current window began. */
  windowStart(): number {
    return toMb(this.windowStartKb);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  get peakMb(): number {
    return toMb(this.peakKb);
  }
}

const toMb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

/** Sets the process's VmHWM to its current RSS (Linux ≥ 4.0; a process of the same user). */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function readStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null;
  }
}
