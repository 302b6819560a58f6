import { csvDateTime, STATS_DEFINITIONS } from '@madoguchi/shared';
import { csvDocument, type CsvCell } from '../reports/csv';
import {
  SUPPRESSION_NOTE,
  type TPublishedBucket,
  type TPublishedStats,
  type TShownValue,
} from './stats-suppression';

/** A share as a percentage with one decimal, e.g. 0.25 → 25 (spreadsheets sum and chart it as a number). */
export function percent<T extends TShownValue>(rate: T): T {
  return (typeof rate === 'number' ? Math.round(rate * 1000) / 10 : rate) as T;
}

function bucketSection(title: string, keyHeader: string, buckets: TPublishedBucket[]): CsvCell[][] {
  return [[title], [keyHeader, '区分', '件数'], ...buckets.map((b) => [b.key, b.label.ja, b.count]), []];
}

/**
 * The statistics as one CSV for Excel in Japan (UTF-8 with BOM, CRLF): a section per figure, each with a title
 * line and Japanese column headers, separated by an empty line. Small counts arrive masked (stats-suppression.ts);
 * the note saying so comes right under the title, where nobody can miss it.
 */
export function buildStatsCsv(report: TPublishedStats, centreName: string): Buffer {
  const lines: CsvCell[][] = [
    [`${centreName} 相談統計`],
    ['期間', report.period.from, report.period.to],
    ['時間帯', '日本時間(終了日を含む)'],
    ['作成日時', csvDateTime(new Date(report.generatedAt))],
    ['注記', SUPPRESSION_NOTE.ja],
    ['Note', SUPPRESSION_NOTE.en],
    [],
    ['概要'],
    ['項目', '件数'],
    ['受け付けた相談', report.totals.cases],
    ['うち終了した相談', report.totals.closedCases],
    ['作成した紹介', report.totals.referrals],
    [],
    ...bucketSection('相談の種類', '種類コード', report.byCategory),
    ...bucketSection('緊急度', '緊急度コード', report.byUrgency),
    ...bucketSection('受付の経路', '経路コード', report.byChannel),
    ...bucketSection('年齢', '年齢区分', report.byAgeBand),
    ...bucketSection('都道府県', '都道府県コード', report.byPrefecture),
    ...bucketSection('紹介先の窓口', '窓口コード', report.byReferralWindow),
    ...bucketSection('紹介の状態', '状態コード', report.byReferralStatus),
    ['対応までの時間'],
    ['項目', '件数', '中央値'],
    ['初回対応までの時間(時間)', report.firstResponse.responded, report.firstResponse.medianHours],
    ['初回対応がまだの相談', report.firstResponse.awaiting, null],
    ['終了までの日数(日)', report.closure.closed, report.closure.medianDays],
    [],
    ['対応目標の達成率(受付月・優先度ごと)'],
    ['受付月', '優先度コード', '優先度', '達成', '未達成', '期限前・未対応', '達成率(%)'],
    ...report.responseTargets.byMonth.flatMap((month) =>
      month.byUrgency.map((u) => [
        month.month,
        u.key,
        u.label.ja,
        u.met,
        u.missed,
        u.pending,
        percent(u.share),
      ]),
    ),
    [],
    ['未終了の相談(滞留)'],
    ['時点', csvDateTime(new Date(report.backlog.asOf))],
    ['経過日数', '区分', '件数'],
    ...report.backlog.byAge.map((b) => [b.key, b.label.ja, b.count]),
    ['合計', '', report.backlog.open],
    [],
    ['窓口ごとの紹介の結果(期間中に初めて送った紹介)'],
    [
      '窓口コード',
      '窓口',
      '送付',
      '受付確認',
      '対応完了',
      '対応不可',
      '返事なし',
      '受付確認までの日数(中央値)',
    ],
    ...report.referralLoop.map((w) => [
      w.windowSlug,
      w.name.ja,
      w.sent,
      w.acknowledged,
      w.completed,
      w.declined,
      w.noResponse,
      w.medianDaysToAcknowledge,
    ]),
    [],
    ['判定の精度(相談員が自動判定の種類を変えた割合)'],
    ['ルール', '種類を確定した相談', '候補と違う種類にした相談', '割合(%)'],
    [
      '(全体)',
      report.triageAccuracy.confirmed,
      report.triageAccuracy.overridden,
      percent(report.triageAccuracy.overrideRate),
    ],
    ...report.triageAccuracy.byRule.map((r) => [
      r.ruleId,
      r.confirmed,
      r.overridden,
      percent(r.overrideRate),
    ]),
    [],
    ['集計の定義'],
    ...STATS_DEFINITIONS.map((definition) => [definition.ja]),
  ];
  return csvDocument(lines);
}
