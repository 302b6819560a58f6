import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Clock,
  EXIT_CONFIG,
  type ExitInfo,
  pidFiles,
  restartDelay,
  restartPolicyFromEnv,
  type RunningChild,
  spawnChild,
  Supervisor,
} from './supervisor';

/** Timers that fire only when the test moves time forward. */
class FakeClock implements Clock {
  private time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;

  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending() {
    return this.timers.length;
  }
  async advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
      await flush();
    }
    this.time = until;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};

let nextPid = 1000;

/** A process that runs until the test crashes it or the supervisor stops it. */
class FakeChild implements RunningChild {
  readonly pid = nextPid++;
  readonly exited: Promise<ExitInfo>;
  stopped = false;
  private end!: (info: ExitInfo) => void;

  constructor(
    private readonly events: string[],
    private readonly name: string,
  ) {
    this.exited = new Promise((resolve) => (this.end = resolve));
  }
  crash(info: ExitInfo = { code: null, signal: 'SIGKILL' }) {
    this.end(info);
  }
  async stop() {
    this.events.push(`stop ${this.name}`);
    await flush();
    this.stopped = true;
    this.events.push(`stopped ${this.name}`);
    this.end({ code: null, signal: 'SIGTERM' });
  }
}

function fakeService(name: string, events: string[], options: { stopLast?: boolean } = {}) {
  const runs: FakeChild[] = [];
  let failNext = 0;
  return {
    runs,
    failStarts(n: number) {
      failNext = n;
    },
    spec: {
      name,
      stopLast: options.stopLast,
      start: async () => {
        events.push(`start ${name}`);
        if (failNext > 0) {
          failNext -= 1;
          throw new Error(`${name} would not start`);
        }
        const child = new FakeChild(events, name);
        runs.push(child);
        return child;
      },
    },
  };
}

const policy = { initialDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

function setup() {
  const clock = new FakeClock();
  const events: string[] = [];
  const logs: string[] = [];
  const supervisor = new Supervisor({ policy, clock, log: (line) => logs.push(line) });
  return { clock, events, logs, supervisor };
}

describe('restart back-off', () => {
  it('doubles from 1 s to a 30 s cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => restartDelay(policy, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('takes its durations from the environment, and refuses nonsense', () => {
    expect(
      restartPolicyFromEnv({ MADOGUCHI_RESTART_DELAY_MS: '50', MADOGUCHI_RESTART_MAX_DELAY_MS: '400' }),
    ).toEqual({ initialDelayMs: 50, maxDelayMs: 400, resetAfterMs: 60_000 });
    expect(() => restartPolicyFromEnv({ MADOGUCHI_RESTART_DELAY_MS: 'soon' })).toThrow(
      /MADOGUCHI_RESTART_DELAY_MS/,
    );
  });
});

describe('Supervisor', () => {
  it('restarts a crashed child after the back-off while the other keeps running, and logs it', async () => {
    const { clock, events, logs, supervisor } = setup();
    const api = fakeService('api', events);
    const web = fakeService('web', events);
    await supervisor.add(api.spec);
    await supervisor.add(web.spec);
    const firstPid = supervisor.pid('api');

    api.runs[0]!.crash();
    await flush();
    expect(supervisor.pid('api')).toBeUndefined();
    expect(logs).toEqual(['api exited unexpectedly (signal SIGKILL after 0 ms); restarting in 1 s.']);
    await clock.advance(999);
    expect(api.runs).toHaveLength(1);
    await clock.advance(1);
    expect(api.runs).toHaveLength(2);
    expect(supervisor.pid('api')).toBe(api.runs[1]!.pid);
    expect(supervisor.pid('api')).not.toBe(firstPid);
    expect(supervisor.restarts('api')).toBe(1);
    expect(logs[1]).toBe(`api restarted (pid ${api.runs[1]!.pid}, restart 1).`);
    // The web app was never touched.
    expect(web.runs).toHaveLength(1);
    expect(events.filter((e) => e.includes('web'))).toEqual(['start web']);
  });

  it('does not restart a child that exited because its configuration is wrong, and says so once', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const logs: string[] = [];
    const fatal: string[] = [];
    const supervisor = new Supervisor({
      policy,
      clock,
      log: (line) => logs.push(line),
      onFatal: (name) => fatal.push(name),
    });
    const api = fakeService('api', events);
    const web = fakeService('web', events);
    await supervisor.add(api.spec);
    await supervisor.add(web.spec);

    api.runs[0]!.crash({ code: EXIT_CONFIG, signal: null });
    await flush();
    await clock.advance(120_000);
    expect(api.runs).toHaveLength(1);
    expect(supervisor.pid('api')).toBeUndefined();
    expect(fatal).toEqual(['api']);
    expect(logs).toEqual([
      'api stopped: its configuration is wrong (exit 78, see its message above); not restarting.',
    ]);
    expect(web.runs).toHaveLength(1);
  });

  it('waits longer after each crash in a row, and starts over after a healthy run', async () => {
    const { clock, logs, supervisor, events } = setup();
    const api = fakeService('api', events);
    await supervisor.add(api.spec);
    const delays: string[] = [];
    for (let i = 0; i < 6; i++) {
      await clock.advance(10);
      api.runs.at(-1)!.crash({ code: 1, signal: null });
      await flush();
      delays.push(logs.at(-1)!.replace(/.*restarting in /, ''));
      await clock.advance(60_000);
    }
    expect(delays).toEqual(['1 s.', '2 s.', '4 s.', '8 s.', '16 s.', '30 s.']);
    expect(logs[0]).toBe('api exited unexpectedly (code 1 after 10 ms); restarting in 1 s.');

    // The last restart came 30 s into that minute; another 30 s make a healthy minute.
    await clock.advance(30_000);
    api.runs.at(-1)!.crash();
    await flush();
    expect(logs.at(-1)).toBe('api exited unexpectedly (signal SIGKILL after 60 s); restarting in 1 s.');
  });

  it('retries a start that fails, with the same back-off', async () => {
    const { clock, logs, supervisor, events } = setup();
    const db = fakeService('postgres', events);
    await supervisor.add(db.spec);
    db.failStarts(2);
    db.runs[0]!.crash();
    await flush();
    await clock.advance(1_000);
    expect(logs.at(-1)).toBe('postgres did not start (postgres would not start); restarting in 2 s.');
    await clock.advance(2_000);
    expect(logs.at(-1)).toBe('postgres did not start (postgres would not start); restarting in 4 s.');
    await clock.advance(4_000);
    expect(db.runs).toHaveLength(2);
    expect(supervisor.pid('postgres')).toBe(db.runs[1]!.pid);
  });

  it('fails when a service does not start the first time', async () => {
    const { supervisor, events } = setup();
    const api = fakeService('api', events);
    api.failStarts(1);
    await expect(supervisor.add(api.spec)).rejects.toThrow('api would not start');
    expect(supervisor.pid('api')).toBeUndefined();
  });

  it('stops everything, the database last, and restarts nothing afterwards', async () => {
    const { clock, supervisor, events } = setup();
    const db = fakeService('postgres', events, { stopLast: true });
    const api = fakeService('api', events);
    const web = fakeService('web', events);
    await supervisor.add(db.spec);
    await supervisor.add(api.spec);
    await supervisor.add(web.spec);
    web.runs[0]!.crash(); // a restart is pending when the stop comes
    await flush();
    events.length = 0;

    await supervisor.stop();
    expect(events).toEqual(['stop api', 'stopped api', 'stop postgres', 'stopped postgres']);
    await clock.advance(120_000);
    expect(web.runs).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('stops the app and the web app together, before the database', async () => {
    const { supervisor, events } = setup();
    const db = fakeService('postgres', events, { stopLast: true });
    await supervisor.add(db.spec);
    await supervisor.add(fakeService('api', events).spec);
    await supervisor.add(fakeService('web', events).spec);
    events.length = 0;
    await supervisor.stop();
    expect(events.slice(0, 2).sort()).toEqual(['stop api', 'stop web']);
    expect(events.slice(-2)).toEqual(['stop postgres', 'stopped postgres']);
  });

  it('stops a child whose restart was under way when the stop came', async () => {
    const { clock, supervisor, events } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs: FakeChild[] = [];
    await supervisor.add({
      name: 'api',
      start: async () => {
        if (runs.length > 0) {
          await gate;
        }
        const child = new FakeChild(events, 'api');
        runs.push(child);
        return child;
      },
    });
    runs[0]!.crash();
    await flush();
    await clock.advance(1_000); // the restart begins and waits at the gate
    const stopping = supervisor.stop();
    await flush();
    release();
    await stopping;
    expect(runs).toHaveLength(2);
    expect(runs[1]!.stopped).toBe(true);
  });

  it('writes each run’s pid to <name>.pid and removes it when the run ends', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-pids-'));
    try {
      const clock = new FakeClock();
      const events: string[] = [];
      const supervisor = new Supervisor({ policy, clock, ...pidFiles(dir) });
      const api = fakeService('api', events);
      await supervisor.add(api.spec);
      const file = path.join(dir, 'api.pid');
      expect(readFileSync(file, 'utf8')).toBe(`${api.runs[0]!.pid}\n`);
      api.runs[0]!.crash();
      await flush();
      expect(existsSync(file)).toBe(false);
      await clock.advance(1_000);
      expect(readFileSync(file, 'utf8')).toBe(`${api.runs[1]!.pid}\n`);
      await supervisor.stop();
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('spawnChild', () => {
  const node = (script: string, stopTimeoutMs = 5_000) =>
    spawnChild({ command: process.execPath, args: ['-e', script], cwd: os.tmpdir(), env: {}, stopTimeoutMs });

  it('stops a real process with SIGTERM', async () => {
    const child = node('setInterval(() => {}, 1000)');
    expect(child.pid).toEqual(expect.any(Number));
    await child.stop();
    await expect(child.exited).resolves.toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('kills a process that ignores SIGTERM once the stop timeout has passed', async () => {
    const child = node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", 200);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it install its handler
    await child.stop();
    await expect(child.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('reports a process that exits on its own', async () => {
    const child = node('process.exit(3)');
    await expect(child.exited).resolves.toEqual({ code: 3, signal: null });
    await child.stop(); // nothing left to stop
  });
});
