import { jaDate, jaDateTime, STATS_DEFINITIONS } from '@madoguchi/shared';
import type { PdfBlock, PdfModel } from '../reports/pdf/pdf-document';
import { percent } from './stats-csv';
import {
  SUPPRESSION_NOTE,
  type TPublishedBucket,
  type TPublishedStats,
  type TShown,
  type TShownValue,
} from './stats-suppression';

/** A figure with its unit; a hidden one ("x") has no unit, a missing one is a dash. */
const num = (value: TShownValue | TShown, unit: string) =>
  value === null ? '—' : value === 'x' ? 'x' : `${value}${unit}`;

function chart(title: string, buckets: TPublishedBucket[]): PdfBlock[] {
  return buckets.length === 0
    ? [
        { kind: 'subheading', text: title },
        { kind: 'paragraph', text: '該当なし' },
      ]
    : [
        {
          kind: 'bars',
          title,
          unit: '件',
          // A masked count draws no bar: its length would tell the number the label hides.
          rows: buckets.map((b) =>
            typeof b.count === 'number'
              ? { label: b.label.ja, value: b.count }
              : { label: b.label.ja, value: 0, display: num(b.count, '件') },
          ),
        },
      ];
}

/** The monthly report (月次報告): the same figures as GET /stats, with bar charts. */
export function buildMonthlyReport(report: TPublishedStats, month: string, centreName: string): PdfModel {
  const [year, mon] = month.split('-').map(Number);
  const monthJa = `${year}年${mon}月`;
  const { totals, firstResponse, closure, backlog, triageAccuracy } = report;
  const blocks: PdfBlock[] = [
    { kind: 'title', text: `月次報告 ${monthJa}` },
    {
      kind: 'paragraph',
      align: 'right',
      text: `${centreName}\n作成日: ${jaDate(new Date(report.generatedAt))}`,
    },
    {
      kind: 'paragraph',
      text: `期間: ${jaDate(new Date(report.period.start))}〜${jaDate(new Date(new Date(report.period.end).getTime() - 1))}(日本時間)`,
    },
    {
      kind: 'paragraph',
      small: true,
      text:
        '個人が特定されないよう、1〜4件の数は「<5」と表示しています(「x」とあわせて末尾の注記を参照)。\n' +
        'Counts of 1 to 4 are shown as "<5" so that no person can be recognised (see the note at the end).',
    },
    { kind: 'heading', text: '概要' },
    {
      kind: 'fields',
      rows: [
        {
          label: '受け付けた相談',
          value: `${num(totals.cases, '件')}(うち終了 ${num(totals.closedCases, '件')})`,
        },
        { label: '作成した紹介', value: num(totals.referrals, '件') },
        {
          label: '初回対応までの時間',
          value: `中央値 ${num(firstResponse.medianHours, '時間')}(対応済み ${num(firstResponse.responded, '件')}、未対応 ${num(firstResponse.awaiting, '件')})`,
        },
        {
          label: '終了までの日数',
          value: `中央値 ${num(closure.medianDays, '日')}(終了 ${num(closure.closed, '件')})`,
        },
        {
          label: '未終了の相談',
          value: `${num(backlog.open, '件')}(${jaDateTime(new Date(backlog.asOf))} 時点)`,
        },
      ],
    },
    { kind: 'heading', text: '相談の内訳' },
    ...chart('相談の種類', report.byCategory),
    ...chart('緊急度', report.byUrgency),
    ...chart('受付の経路', report.byChannel),
    ...chart('年齢', report.byAgeBand),
    ...chart('都道府県', report.byPrefecture),
    { kind: 'heading', text: '紹介' },
    ...chart('紹介先の窓口', report.byReferralWindow),
    ...chart('紹介の状態', report.byReferralStatus),
    { kind: 'subheading', text: '窓口ごとの紹介の結果(期間中に初めて送った紹介)' },
    report.referralLoop.length === 0
      ? { kind: 'paragraph', text: '該当なし' }
      : {
          kind: 'table',
          columns: ['窓口', '送付', '受付確認', '対応完了', '対応不可', '返事なし', '受付確認まで(中央値)'],
          widths: [200, 40, 50, 50, 50, 50, 90],
          rows: report.referralLoop.map((w) => [
            w.name.ja,
            String(w.sent),
            String(w.acknowledged),
            String(w.completed),
            String(w.declined),
            String(w.noResponse),
            num(w.medianDaysToAcknowledge, '日'),
          ]),
        },
    { kind: 'heading', text: '未終了の相談(受付からの経過日数)' },
    ...chart(`${jaDateTime(new Date(backlog.asOf))} 時点`, backlog.byAge),
    { kind: 'heading', text: '自動判定の精度' },
    {
      kind: 'paragraph',
      text:
        `相談員が種類を確定した相談 ${num(triageAccuracy.confirmed, '件')}のうち、自動判定の候補と違う種類にしたもの ` +
        `${num(triageAccuracy.overridden, '件')}(${num(percent(triageAccuracy.overrideRate), '%')})。`,
    },
    ...(triageAccuracy.byRule.length > 0
      ? [
          {
            kind: 'table' as const,
            columns: ['ルール', '確定した相談', '候補と違う種類にした相談', '割合'],
            widths: [220, 80, 120, 60],
            rows: triageAccuracy.byRule.map((r) => [
              r.ruleId,
              String(r.confirmed),
              String(r.overridden),
              num(percent(r.overrideRate), '%'),
            ]),
          },
        ]
      : []),
    { kind: 'heading', text: '集計の定義' },
    { kind: 'paragraph', small: true, text: `${SUPPRESSION_NOTE.ja}\n${SUPPRESSION_NOTE.en}` },
    ...STATS_DEFINITIONS.map((definition): PdfBlock => ({
      kind: 'paragraph',
      small: true,
      text: definition.ja,
    })),
  ];
  return { title: `月次報告 ${monthJa}`, footer: `${centreName} 月次報告 ${monthJa}`, blocks };
}
