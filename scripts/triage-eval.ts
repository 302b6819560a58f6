/*
 * `npm run triage:eval`: runs the shared triage code (no build, no database) over the labelled corpus
 * (packages/shared/src/triage/corpus) and prints per-category precision/recall, per-signal recall, a confusion
 * table and the failing messages, for the development and the held-out split. The full report goes to
 * artifacts/triage-eval.json. Exits 1 when a split misses a target (macro-F1, no missed danger / self-harm / court
 * papers, no adult sent to Childline). `--failures N` prints at most N failing messages per split (default 40);
 * held-out failures are listed by id and problem only, without their text, unless `--show-heldout`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  evaluateSplit,
  loadCorpus,
  type TSplit,
  type TSplitReport,
} from '../packages/shared/src/triage/corpus/evaluate';
import { loadSeedWindows } from '../packages/shared/src/testing/seed-windows';

const ARTIFACTS = join(__dirname, '../artifacts');
const failuresArg = process.argv.indexOf('--failures');
const MAX_FAILURES = failuresArg > 0 ? Number(process.argv[failuresArg + 1]) : 40;
// `--only dev` prints one split's messages (tuning looks at the development split only).
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
// Held-out messages are not printed unless asked: whoever tunes the rules should not read them.
const SHOW_HELDOUT = process.argv.includes('--show-heldout');
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function print(report: TSplitReport): void {
  console.log(`\n=== ${report.split}: ${report.messages} messages ===`);
  console.log(`macro-F1 ${report.macroF1}`);
  console.log('category                      precision  recall   F1     support');
  for (const c of report.categories.filter((c) => c.support > 0 || c.precision < 1)) {
    console.log(
      `${c.code.padEnd(30)}${pct(c.precision).padStart(8)}${pct(c.recall).padStart(9)}${c.f1.toFixed(2).padStart(7)}${String(c.support).padStart(9)}`,
    );
  }
  console.log('signal                        recall   precision  expected  found');
  for (const s of report.signals) {
    console.log(
      `${s.code.padEnd(30)}${pct(s.recall).padStart(6)}${pct(s.precision).padStart(11)}${String(s.expected).padStart(10)}${String(s.found).padStart(7)}`,
    );
  }
  console.log(
    `urgency floor met ${pct(report.urgencyFloorMet)} · required windows ${pct(report.requiredWindowsMet)} · ` +
      `forbidden windows named ${report.forbiddenWindowViolations} · alerts ${pct(report.alertsMet)} · ` +
      `adults sent to Childline ${report.adultsToChildline}`,
  );
  console.log('confusion (expected → top routed):');
  for (const [expected, row] of Object.entries(report.confusion)) {
    const cells = Object.entries(row)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code}:${n}`);
    console.log(`  ${expected.padEnd(28)} ${cells.join('  ')}`);
  }
  console.log(`failing messages: ${report.failures.length}`);
  for (const failure of report.failures.slice(0, ONLY && ONLY !== report.split ? 0 : MAX_FAILURES)) {
    console.log(
      `  ${failure.id} [${failure.predicted.join(',')}|${failure.urgency}] ${failure.problems.join('; ')}`,
    );
    if (report.split !== 'heldout' || SHOW_HELDOUT) {
      console.log(`      ${failure.text.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
  }
  console.log(
    report.meetsTargets ? 'gated targets met' : `TARGETS MISSED: ${report.missedTargets.join('; ')}`,
  );
}

const started = performance.now();
const windows = loadSeedWindows();
const reports = (['dev', 'heldout'] as TSplit[]).map((split) =>
  evaluateSplit(split, loadCorpus(split), windows),
);
reports.forEach(print);
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(join(ARTIFACTS, 'triage-eval.json'), `${JSON.stringify(reports, null, 2)}\n`);
console.log(
  `\n${reports.map((r) => `${r.split} macro-F1 ${r.macroF1}`).join(' · ')} · ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(reports.every((r) => r.meetsTargets) ? 0 : 1);
