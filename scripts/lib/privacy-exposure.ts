// What `npm run privacy:exposure` does, apart from connecting: parse the arguments, read the audit log, group it
// (packages/shared/src/privacy-exposure.ts, the same grouping as GET /api/v1/privacy/exposure) and format it.
import { readExposure, UnknownReceipts, type DbClient } from '@madoguchi/db';
import {
  EXPOSURE_KIND_LABELS,
  exposurePeriodErrors,
  exposureTable,
  toFieldErrors,
  ZExposureQuery,
  type TExposureActorReport,
  type TExposureQuery,
  type TExposureReport,
} from '@madoguchi/shared';

export const USAGE =
  'Usage: npm run privacy:exposure -- --from <ISO> --to <ISO> [--case <receipt>...] [--json]\n' +
  '  e.g. --from 2026-11-01T00:00:00+09:00 --to 2026-12-01T00:00:00+09:00 --case K7QP-4MZT';

export type ExposureArgs = { query: TExposureQuery; json: boolean };

/** Thrown for bad input: the message is for the person at the terminal (Japanese, then English). */
export class UsageError extends Error {}

export function parseExposureArgs(argv: readonly string[]): ExposureArgs {
  let from: string | undefined;
  let to: string | undefined;
  const cases: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${arg} の値がありません / ${arg} needs a value\n${USAGE}`);
      }
      i += 1;
      return next;
    };
    switch (arg) {
      case '--from':
        from = value();
        break;
      case '--to':
        to = value();
        break;
      case '--case':
        cases.push(...value().split(','));
        break;
      case '--json':
        json = true;
        break;
      default:
        throw new UsageError(`不明な引数 / Unknown argument: ${arg}\n${USAGE}`);
    }
  }
  const parsed = ZExposureQuery.safeParse({ from: from ?? '', to: to ?? '', cases: cases.join(',') });
  if (!parsed.success) {
    const lines = toFieldErrors(parsed.error).map(
      (error) => `  --${error.path.split('.')[0]}: ${error.message.ja} / ${error.message.en}`,
    );
    throw new UsageError(`${lines.join('\n')}\n${USAGE}`);
  }
  const period = exposurePeriodErrors(parsed.data);
  if (period.length > 0) {
    throw new UsageError(
      period.map((error) => `  --${error.path}: ${error.message.ja} / ${error.message.en}`).join('\n'),
    );
  }
  return { query: parsed.data, json };
}

/** Reads and groups the audit log as GET /privacy/exposure does (readExposure). Records the run in the audit log. */
export async function exposureReport(
  db: DbClient,
  query: TExposureQuery,
  now = new Date(),
): Promise<TExposureReport> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  let actors: TExposureActorReport[];
  try {
    actors = await readExposure(db, { from, to, receiptNumbers: query.cases });
  } catch (error) {
    if (error instanceof UnknownReceipts) {
      throw new UsageError(
        `この受付番号の相談は見つかりませんでした / No case has this receipt number: ${error.receiptNumbers.join(', ')}`,
      );
    }
    throw error;
  }
  // Producing the report is itself a look at who saw what: recorded like the API's (no personal values).
  await db.auditLog.create({
    data: {
      action: 'privacy.exposure_read',
      entity: 'audit_log',
      meta: {
        from: query.from,
        to: query.to,
        cases: query.cases.length,
        actors: actors.length,
        via: 'command',
      },
    },
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    cases: query.cases,
    actors,
    generatedAt: now.toISOString(),
  };
}

/** The report as a fixed-width table for the terminal, with the kinds' labels under it. */
export function formatExposure(report: TExposureReport): string {
  const head =
    `閲覧状況 / Exposure ${report.from} – ${report.to}` +
    (report.cases.length ? ` cases: ${report.cases.join(', ')}` : '');
  if (report.actors.length === 0) {
    return `${head}\n(該当なし / nothing in this window)\n`;
  }
  const table = exposureTable(report.actors);
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => displayWidth(row[column]!))));
  const lines = table.map((row) =>
    row
      .map((cell, column) => pad(cell, widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  const kinds = [
    ...new Set(report.actors.flatMap((a) => a.cases.flatMap((c) => c.kinds.map((k) => k.kind)))),
  ];
  const legend = kinds.map((kind) => {
    const label = (EXPOSURE_KIND_LABELS as Record<string, { ja: string; en: string } | undefined>)[kind];
    return `  ${kind}: ${label ? `${label.ja} / ${label.en}` : kind}`;
  });
  return [head, '', ...lines.slice(0, 1), ...lines.slice(1), '', ...legend, ''].join('\n');
}

/** Columns line up in a terminal where Japanese characters take two cells. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(
        char,
      )
        ? 2
        : 1;
  }
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
