import { execFileSync } from 'node:child_process';
import path from 'node:path';

// In a process of its own: the thread pool of jest's worker is left as it is.
function niceValues(nice: number): { changed: number; pool: number[]; main: number } {
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { stat } from 'node:fs/promises';
    import { lowerThreadPoolPriority } from ${JSON.stringify(path.join(__dirname, 'thread-pool-priority.ts'))};
    const niceOf = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
    const changed = await lowerThreadPoolPriority(${nice});
    await stat('.'); // the pool is running either way
    const tasks = readdirSync('/proc/self/task');
    const comm = (tid) => readFileSync('/proc/self/task/' + tid + '/comm', 'utf8').trim();
    console.log(JSON.stringify({
      changed: changed.length,
      pool: tasks.filter((t) => comm(t) === 'libuv-worker').map(niceOf),
      main: niceOf(String(process.pid)),
    }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { changed: number; pool: number[]; main: number };
}

const linux = process.platform === 'linux' ? describe : describe.skip;

linux('lowerThreadPoolPriority', () => {
  it('puts every thread of libuv’s pool at the nice value, and leaves the event loop’s thread alone', () => {
    const result = niceValues(10);
    expect(result.pool.length).toBeGreaterThanOrEqual(1);
    expect(result.changed).toBe(result.pool.length);
    expect(result.pool.every((nice) => nice === 10)).toBe(true);
    expect(result.main).toBe(0);
  });

  it('changes nothing at 0', () => {
    const result = niceValues(0);
    expect(result.changed).toBe(0);
    expect(result.pool.every((nice) => nice === 0)).toBe(true);
  });
});
