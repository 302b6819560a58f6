import { STATS_DEFINITIONS, type TStatsReport } from '@madoguchi/shared';

import { formatDateTime, formatNumber } from '../dashboard/format';
import { BarChart } from './bar-chart';

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

function Figure({ value, label, en, hint }: { value: string; label: string; en: string; hint?: string }) {
  return (
    <li className="count-tile">
      <span className="count-tile__value">{value}</span>
      <span className="count-tile__label">
        {label} <span lang="en">{en}</span>
      </span>
      {hint ? <span className="count-tile__hint">{hint}</span> : null}
    </li>
  );
}

/** The statistics of a period: headline figures, bar charts (each with its table), the referral loop and triage accuracy. */
export function StatsReportView({ report }: { report: TStatsReport }) {
  const { totals, firstResponse, closure, backlog, triageAccuracy } = report;
  return (
    <div className="stack">
      <section aria-labelledby="stats-totals">
        <h2 id="stats-totals">
          概要 <span lang="en">/ Overview</span>
        </h2>
        <ul className="count-tiles">
          <Figure value={formatNumber(totals.cases)} label="受付した相談" en="Cases received" />
          <Figure value={formatNumber(totals.closedCases)} label="うち終了" en="of which closed" />
          <Figure value={formatNumber(totals.referrals)} label="紹介" en="Referrals" />
          <Figure
            value={
              firstResponse.medianHours === null
                ? '—'
                : `${Math.round(firstResponse.medianHours * 10) / 10}時間`
            }
            label="初回対応まで(中央値)"
            en="Median time to first response"
            hint={`対応済み ${firstResponse.responded}件・未対応 ${firstResponse.awaiting}件`}
          />
          <Figure
            value={closure.medianDays === null ? '—' : `${Math.round(closure.medianDays * 10) / 10}日`}
            label="終了まで(中央値)"
            en="Median days to closure"
            hint={`終了 ${closure.closed}件`}
          />
          <Figure
            value={formatNumber(backlog.open)}
            label="未終了の相談"
            en="Open backlog"
            hint={`${formatDateTime(backlog.asOf)} 時点`}
          />
        </ul>
      </section>

      <section aria-labelledby="stats-charts" className="chart-grid">
        <h2 id="stats-charts" className="chart-grid__title">
          内訳 <span lang="en">/ Breakdown</span>
        </h2>
        <BarChart id="category" title={{ ja: '相談の種類', en: 'By category' }} bars={report.byCategory} />
        <BarChart id="urgency" title={{ ja: '緊急度', en: 'By urgency' }} bars={report.byUrgency} />
        <BarChart id="channel" title={{ ja: '受付方法', en: 'By channel' }} bars={report.byChannel} />
        <BarChart id="age" title={{ ja: '年齢層', en: 'By age band' }} bars={report.byAgeBand} />
        <BarChart
          id="prefecture"
          title={{ ja: '都道府県', en: 'By prefecture' }}
          bars={report.byPrefecture}
        />
        <BarChart
          id="window"
          title={{ ja: '紹介先の窓口', en: 'Referrals by window' }}
          bars={report.byReferralWindow}
        />
        <BarChart
          id="referral-status"
          title={{ ja: '紹介の状態', en: 'Referrals by status' }}
          bars={report.byReferralStatus}
        />
        <BarChart
          id="backlog"
          title={{ ja: '未終了の相談の経過日数', en: 'Open cases by age' }}
          bars={backlog.byAge}
        />
      </section>

      <ResponseTargetsTable months={report.responseTargets.byMonth} />

      <section aria-labelledby="stats-loop">
        <h2 id="stats-loop">
          紹介のその後(窓口ごと) <span lang="en">/ Referral loop by window</span>
        </h2>
        {report.referralLoop.length === 0 ? (
          <p className="muted">期間中に送った紹介はありません。 / No referrals sent in the period.</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">窓口 / Window</th>
                  <th scope="col">送付 / Sent</th>
                  <th scope="col">受付 / Acknowledged</th>
                  <th scope="col">完了 / Completed</th>
                  <th scope="col">対応不可 / Declined</th>
                  <th scope="col">返事なし / No response</th>
                  <th scope="col">受付までの日数(中央値) / Median days to ack.</th>
                </tr>
              </thead>
              <tbody>
                {report.referralLoop.map((row) => (
                  <tr key={row.windowSlug}>
                    <th scope="row">
                      {row.name.ja} <span lang="en">{row.name.en}</span>
                    </th>
                    <td>{row.sent}</td>
                    <td>{row.acknowledged}</td>
                    <td>{row.completed}</td>
                    <td>{row.declined}</td>
                    <td>{row.noResponse}</td>
                    <td>
                      {row.medianDaysToAcknowledge === null
                        ? '—'
                        : Math.round(row.medianDaysToAcknowledge * 10) / 10}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="stats-accuracy">
        <h2 id="stats-accuracy">
          自動判定の精度 <span lang="en">/ Triage accuracy</span>
        </h2>
        <p>
          相談員が種類を確定した{triageAccuracy.confirmed}件のうち、判定と違う種類にしたのは
          {triageAccuracy.overridden}件(
          {percent(triageAccuracy.overrideRate)})。
          <span lang="en" className="en en--block">
            Of {triageAccuracy.confirmed} confirmed cases, {triageAccuracy.overridden} differed from triage (
            {percent(triageAccuracy.overrideRate)}).
          </span>
        </p>
        {triageAccuracy.byRule.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table data-table--compact">
              <thead>
                <tr>
                  <th scope="col">ルール / Rule</th>
                  <th scope="col">確定 / Confirmed</th>
                  <th scope="col">変更 / Overridden</th>
                  <th scope="col">変更率 / Override rate</th>
                </tr>
              </thead>
              <tbody>
                {triageAccuracy.byRule.map((rule) => (
                  <tr key={rule.ruleId}>
                    <th scope="row">
                      <code>{rule.ruleId}</code>
                    </th>
                    <td>{rule.confirmed}</td>
                    <td>{rule.overridden}</td>
                    <td>{percent(rule.overrideRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="stats-definitions">
        <h2 id="stats-definitions" className="h-small">
          集計の定義 <span lang="en">/ Definitions</span>
        </h2>
        <ul className="small">
          {STATS_DEFINITIONS.map((definition) => (
            <li key={definition.ja}>
              {definition.ja}
              <span lang="en" className="en en--block">
                {definition.en}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Per month of receipt and priority: the share of first responses that met the response target. */
function ResponseTargetsTable({ months }: { months: TStatsReport['responseTargets']['byMonth'] }) {
  return (
    <section aria-labelledby="stats-response-targets">
      <h2 id="stats-response-targets">
        対応目標の達成率 <span lang="en">/ Response targets met</span>
      </h2>
      {months.length === 0 ? (
        <p className="muted">期間中の相談はありません。 / No cases in the period.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="response-targets">
            <thead>
              <tr>
                <th scope="col">受付月 / Month</th>
                <th scope="col">優先度 / Priority</th>
                <th scope="col">達成率 / Share met</th>
                <th scope="col">達成 / Met</th>
                <th scope="col">未達成 / Missed</th>
                <th scope="col">期限前・未対応 / Not yet due</th>
              </tr>
            </thead>
            <tbody>
              {months.flatMap((month) =>
                month.byUrgency.map((row) => (
                  <tr key={`${month.month}-${row.key}`}>
                    <th scope="row">{month.month}</th>
                    <td>
                      {row.label.ja} <span lang="en">{row.label.en}</span>
                    </td>
                    <td>{percent(row.share)}</td>
                    <td>{row.met}</td>
                    <td>{row.missed}</td>
                    <td>{row.pending}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
