// Where a request's time goes in the database. After the measured runs, a second API process is
// started whose connections load auto_explain (EXPLAIN ANALYZE of every statement slower than a
// threshold, written to the server log); each read scenario's request is sent once and the plans it
// caused are read back from the embedded server's log. Nothing of this runs during measurement.
import type { ServerLog } from './database';

export type Plan = { durationMs: number; plan: string };

/** The database URL with auto_explain for every connection opened with it (superuser: the bench's own). */
export function withAutoExplain(url: string, minDurationMs: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set(
    'options',
    [
      '-c session_preload_libraries=auto_explain',
      `-c auto_explain.log_min_duration=${minDurationMs}`,
      '-c auto_explain.log_analyze=on',
      '-c auto_explain.log_buffers=on',
      '-c auto_explain.log_timing=on',
    ].join(' '),
  );
  return parsed.toString();
}

const ENTRY_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;
const DURATION = /LOG:\s+duration: ([\d.]+) ms\s+plan:/;

/** The auto_explain entries among log lines, slowest first. */
export function extractPlans(lines: readonly string[]): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = DURATION.exec(lines[i]!);
    if (!match) {
      continue;
    }
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && !ENTRY_START.test(lines[j]!); j++) {
      body.push(lines[j]!.replace(/^\t/, ''));
    }
    plans.push({ durationMs: Number(match[1]), plan: body.join('\n').trimEnd() });
  }
  return plans.sort((a, b) => b.durationMs - a.durationMs);
}

/** Sends one request and returns the plans the database logged for it. */
export async function profileRequest(options: {
  serverLog: ServerLog;
  url: string;
  headers: Record<string, string>;
}): Promise<Plan[]> {
  const mark = options.serverLog.mark();
  const response = await fetch(options.url, { headers: options.headers });
  await response.arrayBuffer();
  // The log arrives through the server's stderr pipe: give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return extractPlans(options.serverLog.since(mark));
}
