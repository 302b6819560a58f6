import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../lib/auth';
import { toQueryString } from '../../../lib/api-client';
import { staffCall } from '../../../lib/staff-api';
import { ErrorState } from '../../../modules/dashboard/page-states';
import { defaultReportMonth, presetRanges, readRange } from '../../../modules/stats/stats-range';
import { StatsReportView } from '../../../modules/stats/stats-report';

export const metadata: Metadata = { title: '統計 / Statistics' };

type TStatsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}

export default async function StatsPage({ searchParams }: TStatsPageProps) {
  const session = await requireStaff();
  if (!can(session.role, 'reports.read')) {
    forbidden();
  }
  const params = await searchParams;
  const now = new Date();
  const { range, error } = readRange({ from: first(params.from), to: first(params.to) }, now);
  const report = error ? null : await staffCall(contract.stats.report, { query: range });
  const rangeQuery = toQueryString(range);

  return (
    <div className="stack">
      <h1>
        統計{' '}
        <span lang="en" className="en">
          Statistics
        </span>
      </h1>

      <form className="filters" method="get" action="/stats" aria-label="集計期間 / Period">
        <div className="filters__row">
          <div className="field">
            <label htmlFor="stats-from">
              開始日 <span lang="en">/ From</span>
            </label>
            <input id="stats-from" name="from" type="date" defaultValue={range.from} required />
          </div>
          <div className="field">
            <label htmlFor="stats-to">
              終了日(含む) <span lang="en">/ To (included)</span>
            </label>
            <input id="stats-to" name="to" type="date" defaultValue={range.to} required />
          </div>
          <button className="btn btn--primary" type="submit">
            集計する / Show
          </button>
        </div>
        <ul className="chip-list" aria-label="よく使う期間 / Preset periods">
          {presetRanges(now).map((preset) => (
            <li key={preset.id} className="chip">
              <Link href={`/stats${toQueryString(preset.range)}`}>
                {preset.label.ja} <span lang="en">{preset.label.en}</span>
              </Link>
            </li>
          ))}
        </ul>
      </form>

      <section aria-labelledby="stats-downloads" className="panel">
        <h2 id="stats-downloads" className="h-small">
          ダウンロード <span lang="en">/ Downloads</span>
        </h2>
        <div className="button-row">
          <a className="btn" href={`/api/staff/stats/stats.csv${rangeQuery}`} download>
            統計 CSV <span lang="en">/ Statistics CSV</span>
          </a>
          <a className="btn" href={`/api/staff/stats/referrals.csv${rangeQuery}`} download>
            紹介台帳 CSV <span lang="en">/ Referral register CSV</span>
          </a>
        </div>
        <form className="inline-form" method="get" action="/api/staff/stats/monthly.pdf">
          <label htmlFor="stats-month">
            月次報告 PDF <span lang="en">/ Monthly report PDF</span>
          </label>
          <input id="stats-month" name="month" type="month" defaultValue={defaultReportMonth(now)} required />
          <button className="btn btn--small" type="submit">
            ダウンロード / Download
          </button>
        </form>
        <p className="small muted">
          持ち出す CSV・PDF では、個人が特定されないよう 1〜4件を「&lt;5」と表示します。この画面は実数です。
          <span lang="en" className="en--block">
            The CSV and PDF files show counts of 1 to 4 as &quot;&lt;5&quot; so that no person can be
            recognised; this screen shows the exact figures.
          </span>
        </p>
      </section>

      {error ? (
        <ErrorState message={error} retryHref="/stats" />
      ) : !report?.ok ? (
        <ErrorState message={report?.error.message ?? { ja: '', en: '' }} retryHref={`/stats${rangeQuery}`} />
      ) : (
        <>
          <p className="small muted">
            {report.data.period.from} 〜 {report.data.period.to}(日本時間)
            <span lang="en">
              {' '}
              ({report.data.period.from} to {report.data.period.to}, Japan time)
            </span>
          </p>
          <StatsReportView report={report.data} />
        </>
      )}
    </div>
  );
}
