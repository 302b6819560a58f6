// Results as JSON and Markdown under bench/results/: a timestamped pair per run, and the last run
// again as latest.json / latest.md.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db/tooling';
import type { GenerateStats } from './generate';
import type { ScenarioResult, Target } from './scenarios';

export type BenchReport = {
  startedAt: string;
  finishedAt: string;
  cases: number;
  seed: number;
  apiPeakRssMb: number | null;
  /** Right after start-up, before any load. */
  apiIdleRssMb: number | null;
  baselinePeakRssMb: number | null;
  apiRssTarget: Target;
  apiBuiltAt: string | null;
  machine: { cpus: number; memoryGb: number; loadAverageAtStart: number[]; node: string };
  database: { description: string; serverVersion: string; settings: Record<string, string> };
  dataset: {
    reused: boolean;
    dataUntil: string;
    generation: GenerateStats | null;
    /** Rows per table at measurement time. */
    rows: Record<string, number>;
    databaseBytes: number;
  };
  options: Record<string, unknown>;
  scenarios: ScenarioResult[];
  targetsAtScale: boolean;
};

export async function writeReport(report: BenchReport): Promise<{ json: string; markdown: string }> {
  const dir = path.join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const base = `${stamp}-${report.cases}`;
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdown = renderMarkdown(report);
  await writeFile(path.join(dir, `${base}.json`), json);
  await writeFile(path.join(dir, `${base}.md`), markdown);
  await writeFile(path.join(dir, 'latest.json'), json);
  await writeFile(path.join(dir, 'latest.md'), markdown);
  return {
    json: path.join('bench', 'results', `${base}.json`),
    markdown: path.join('bench', 'results', `${base}.md`),
  };
}

const fmt = (value: number | undefined, digits = 1) =>
  value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

function met(target: Target | undefined): string {
  if (!target) {
    return '—';
  }
  return `${target.description}: ${target.met === null ? 'n/a' : target.met ? '**met**' : '**missed**'}`;
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`# Benchmark: ${report.cases.toLocaleString('en-US')} cases`, '');
  lines.push(
    `Run ${report.startedAt} → ${report.finishedAt} on ${report.machine.cpus} CPUs / ${report.machine.memoryGb} GiB ` +
      `(load average at start ${report.machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(', ')}), ` +
      `Node ${report.machine.node}, PostgreSQL ${report.database.serverVersion} (${report.database.description}).`,
    '',
  );
  if (!report.targetsAtScale) {
    lines.push(
      `> The targets are set for 1,000,000 cases; at ${report.cases.toLocaleString('en-US')} they are shown for information only.`,
      '',
    );
  }
  const generation = report.dataset.generation;
  if (generation) {
    lines.push(
      `${report.dataset.reused ? 'Data set reused; it was generated' : 'Data set generated'} in ${fmt(generation.seconds)} s: ` +
        `load ${fmt(generation.loadSeconds)} s (${fmt(generation.casesPerSecond, 0)} cases/s, ${generation.workers} generator ` +
        `threads, ${generation.indexes === 'rebuild' ? `indexes and foreign keys dropped for the load, then built in ${fmt(generation.indexSeconds ?? undefined)} s and checked in ${fmt(generation.foreignKeySeconds ?? undefined)} s` : 'indexes and foreign keys kept during the load'}), ` +
        `VACUUM ANALYZE ${fmt(generation.vacuumSeconds)} s. CPU during the load: ${fmt(generation.cpuSeconds?.generator, 0)} s ` +
        `in the generator process, ${fmt(generation.cpuSeconds?.database ?? undefined, 0)} s in the two loading backends.`,
      '',
    );
    const churn = generation.churn;
    if (churn) {
      const mib = (bytes: number) => fmt(bytes / 1024 ** 2, 0);
      lines.push(
        `Update churn (scripts/bench/churn.ts): the last ${churn.days} days' cases and their referrals rewritten ` +
          `${churn.rounds} times with a VACUUM after each round (${churn.rewritten.cases.toLocaleString('en-US')} case and ` +
          `${churn.rewritten.referrals.toLocaleString('en-US')} referral row versions, ${churn.hotUpdates.toLocaleString('en-US')} ` +
          `of the cases' on the same page) in ${fmt(churn.seconds)} s: cases heap ${mib(churn.bytes.before.casesHeap)} → ` +
          `${mib(churn.bytes.after.casesHeap)} MiB, its indexes ${mib(churn.bytes.before.casesIndexes)} → ` +
          `${mib(churn.bytes.after.casesIndexes)} MiB, referrals heap ${mib(churn.bytes.before.referralsHeap)} → ` +
          `${mib(churn.bytes.after.referralsHeap)} MiB.`,
        '',
      );
    }
  } else {
    lines.push(`Data set reused (cases before ${report.dataset.dataUntil}).`, '');
  }
  lines.push(
    `Database size ${fmt(report.dataset.databaseBytes / 1024 ** 3, 2)} GiB; rows (planner estimates): ` +
      Object.entries(report.dataset.rows)
        .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
        .join(', ') +
      '.',
    '',
  );
  lines.push(
    '| Scenario | Conn. | Throughput (req/s) | p50 ms | p95 ms | p99 ms | Errors | 5xx | Shed 503 | Baseline (req/s) | Baseline p95 ms | Ratio | API RSS MB (start → peak) | Target |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |',
  );
  for (const s of report.scenarios) {
    if (s.skipped || s.failed) {
      const why = s.skipped ? `skipped: ${s.skipped}` : `**failed**: ${s.failed}`;
      lines.push(
        `| ${s.name} | — | — | — | — | — | — | — | — | — | — | — | — | ${why.replace(/\|/g, '\\|')} |`,
      );
      continue;
    }
    lines.push(
      `| ${s.name} | ${s.openLoop ? `open ${fmt(s.openLoop.ratePerSec)}/s` : s.connections} | ${fmt(s.throughputPerSec)} | ` +
        `${fmt(s.p50Ms)} | ${fmt(s.p95Ms)} | ${fmt(s.p99Ms)} | ` +
        `${s.errors} | ${fmt(s.status5xx, 0)} | ${fmt(s.shed503, 0)} | ${fmt(s.baselineThroughputPerSec)} | ${fmt(s.baselineP95Ms)} | ${fmt(s.ratio, 2)} | ${s.apiStartRssMb !== undefined ? `${fmt(s.apiStartRssMb)} → ` : ''}${fmt(s.apiPeakRssMb)} | ${met(s.target)} |`,
    );
  }
  lines.push(
    '',
    `API peak RSS: ${fmt(report.apiPeakRssMb ?? undefined)} MB (${met(report.apiRssTarget)}).`,
    '',
  );
  lines.push('## Scenarios', '');
  for (const s of report.scenarios) {
    lines.push(`### ${s.name}`, '', `\`${s.method} ${s.path}\` — ${s.description}`, '');
    if (s.note) {
      lines.push(s.note, '');
    }
    if (s.skipped) {
      lines.push(`Skipped: ${s.skipped}`, '');
      continue;
    }
    if (s.failed) {
      lines.push(`Failed: ${s.failed}`, '');
    }
    if (s.openLoop && !s.failed) {
      const o = s.openLoop;
      lines.push(
        `Open loop: ${fmt(o.ratePerSec)} requests/s on a fixed schedule, latency from each one's scheduled send; ` +
          `${o.sent} of ${o.scheduled} sent (${o.notSent} not sent: ${o.maxInFlight} already in flight), ` +
          `the client's own send lag p99 ${fmt(o.sendLagP99Ms)} ms. 5xx other than a shed 503: ${s.status5xx ?? 0}; ` +
          `503 with Retry-After: ${s.shed503 ?? 0}.`,
        '',
      );
    }
    if (s.coldRuns?.length) {
      lines.push(
        `First request after each restart: ${s.coldRuns.map((r) => `${fmt(r.firstRequestMs, 0)} ms (${r.status})`).join(', ')}.`,
        '',
      );
    }
    if (s.upload && !s.failed) {
      const rss = s.apiPeakRssMb ?? 0;
      lines.push(
        `Uploads: ${s.upload.uploaded} of ${fmt(s.upload.fileBytes / 1024 ** 2)} MB, ${s.upload.concurrency} in flight; ` +
          `${fmt(s.throughputPerSec, 2)} uploads/s, ${fmt(s.upload.megabytesPerSec)} MB/s; p50 ${fmt(s.p50Ms)} ms, ` +
          `p95 ${fmt(s.p95Ms)} ms, p99 ${fmt(s.p99Ms)} ms; errors by status: ` +
          `${s.errors === 0 ? 'none' : JSON.stringify(s.errorDetail)}. API peak RSS during the scenario ${fmt(rss)} MB ` +
          `(${fmt(s.upload.apiRssBeforeMb)} MB just before the first upload), ` +
          `memory target ≤ ${s.upload.apiRssTargetMb} MB: ${rss <= s.upload.apiRssTargetMb ? '**met**' : '**missed**'}.`,
        '',
      );
    }
    if (Object.keys(s.errorDetail).length > 0) {
      lines.push(`Errors: ${JSON.stringify(s.errorDetail)}`, '');
    }
    if (s.unfinished) {
      lines.push(
        `${s.unfinished} request(s) were still waiting when the API runs ended; they count in the percentiles with ` +
          'the time they had waited so far (a lower bound).',
        '',
      );
    }
    if (s.cancelledAfterRuns) {
      lines.push(
        `${s.cancelledAfterRuns} statement(s) still running in the database 5 s after a run ended were cancelled ` +
          '(the API does not cancel a query when its client goes away).',
        '',
      );
    }
    if (s.topStatements?.length) {
      lines.push('Statements by total time during the API run (pg_stat_statements):', '');
      lines.push('| calls | mean ms | max ms | total ms | statement |', '| --: | --: | --: | --: | --- |');
      for (const st of s.topStatements) {
        lines.push(
          `| ${st.calls} | ${fmt(st.meanMs, 2)} | ${st.maxMs === undefined ? '—' : fmt(st.maxMs, 1)} | ${st.totalMs} | \`${st.query.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`,
        );
      }
      lines.push('');
    }
    if (s.explain) {
      lines.push(
        'EXPLAIN (ANALYZE, BUFFERS) of the queue statement, run by the harness:',
        '',
        '```',
        s.explain,
        '```',
        '',
      );
    }
    if (s.profile?.length) {
      lines.push('Statements of one API request slower than 10 ms (auto_explain), slowest first:', '');
      for (const plan of s.profile) {
        lines.push(`${fmt(plan.durationMs, 1)} ms:`, '', '```', plan.plan, '```', '');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
