// Statistics that leave the desk (the CSV export and the monthly PDF) print counts of 1 to 4 as "<5", so that no
// person can be recognised in them; counts of 5 and more, and 0, stay exact; the screen's figures stay exact.
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TStatsReport } from '@madoguchi/shared';
import { renderPdf, type PdfBlock } from '../src/modules/reports/pdf/pdf-document';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { pdfPages, pdfText } from './pdf-text';
import { createTestApp, type TestApp } from './test-app';

// PDFs are read in a child process: generous under a loaded CI machine.
jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let supervisor: StaffSession;

const JUNE = 'from=2025-06-01&to=2025-06-30';

/**
 * June 2025: 12 cases. Urgency: 8 normal, 3 high, 1 emergency. Channel: 9 web, 3 phone (a lone small cell: the
 * web count would give it away as 12 − 9, so web is hidden too). Prefecture: 7 Tokyo, 5 Osaka.
 */
beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  supervisor = await staffHeaders(t, 'supervisor');
  const urgencies = [...Array<'normal'>(8).fill('normal'), 'high', 'high', 'high', 'emergency'] as const;
  for (const [i, urgency] of urgencies.entries()) {
    await db.case.create({
      data: {
        receiptNumber: `SUPP${String(i).padStart(4, '0')}`,
        accessCodeHash: 'not-a-real-hash',
        urgency,
        priority: urgency,
        channel: i < 9 ? 'web' : 'phone',
        prefecture: i < 7 ? '13' : '27',
        createdAt: new Date(`2025-06-${String(2 + i).padStart(2, '0')}T10:00:00+09:00`),
      },
    });
  }
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

async function download(path: string): Promise<Buffer> {
  const res = await t.http.get(path).set(supervisor.headers).buffer(true).responseType('blob').expect(200);
  return res.body as Buffer;
}

describe('the statistics CSV', () => {
  it('prints 1–4 as <5, hides what would give a <5 away, and keeps 0 and 5 or more exact', async () => {
    const lines = (await download(`/api/v1/stats.csv?${JUNE}`)).toString('utf8').slice(1).split('\r\n');
    const section = (title: string) => {
      const start = lines.indexOf(title);
      expect(start).toBeGreaterThan(-1);
      return lines.slice(start + 2, lines.indexOf('', start));
    };
    expect(section('概要')).toEqual(['受け付けた相談,12', 'うち終了した相談,0', '作成した紹介,0']);
    expect(section('緊急度')).toEqual(['emergency,緊急,<5', 'high,高,<5', 'normal,通常,8', 'low,低,0']);
    expect(section('受付の経路')).toEqual([
      'web,ウェブの相談フォーム,x',
      'phone,電話,<5',
      'chat,チャット,0',
      'email,メール,0',
      'walk_in,窓口に来所,0',
    ]);
    expect(section('都道府県')).toEqual(['13,東京都,7', '27,大阪府,5']);
  });

  it('says so in a note: what <5 and x mean, and that the screen shows the exact figures', async () => {
    const text = (await download(`/api/v1/stats.csv?${JUNE}`)).toString('utf8');
    expect(text).toContain('注記,個人が特定されないよう、1〜4件の数は「<5」と表示しています(0件は0)。');
    expect(text).toContain('職員が窓口内で見る統計画面では実数を表示しています。');
    expect(text).toMatch(
      /\r\nNote,"?So that no person can be recognised, counts of 1 to 4 are shown as ""<5""/,
    );
  });

  it('leaves the on-screen statistics exact (they are read inside the desk)', async () => {
    const res = await t.http.get(`/api/v1/stats?${JUNE}`).set(supervisor.headers).expect(200);
    const report = res.body as TStatsReport;
    expect(report.byUrgency.map((b) => [b.key, b.count])).toEqual([
      ['emergency', 1],
      ['high', 3],
      ['normal', 8],
      ['low', 0],
    ]);
  });
});

describe('the monthly PDF', () => {
  it('prints the same masked counts, draws no bar for them, and carries the note', async () => {
    const text = await pdfText(await download('/api/v1/stats/monthly.pdf?month=2025-06'));
    for (const expected of [
      '受け付けた相談12件(うち終了0件)',
      '緊急<5件高<5件通常8件低0件',
      'ウェブの相談フォームx電話<5件',
      '東京都7件大阪府5件',
      '1〜4件の数は「<5」と表示しています',
      '職員が窓口内で見る統計画面では実数を表示しています。',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/緊急1件|高3件|電話3件|ウェブの相談フォーム9件/);
  });

  it('never leaves a table header alone at the foot of a page', async () => {
    // Forty titled tables after paragraphs of 1 to 9 lines land at every height of a page, the foot included.
    const blocks: PdfBlock[] = Array.from({ length: 40 }, (_, i): PdfBlock[] => [
      { kind: 'paragraph', text: Array.from({ length: (i % 9) + 1 }, () => '本文の行').join('\n') },
      { kind: 'subheading', text: `表${i}の題` },
      {
        kind: 'table',
        columns: [`表${i}見出し`, '件数'],
        widths: [300, 100],
        rows: [1, 2, 3].map((n) => [`表${i}の${n}行目`, String(n)]),
      },
    ]).flat();
    const pages = await pdfPages(await renderPdf({ title: 'test', footer: 'test', blocks }));
    expect(pages.length).toBeGreaterThan(3);
    const pageOf = (text: string) => pages.findIndex((page) => page.includes(text));
    const apart = Array.from({ length: 40 }, (_, i) => i).filter((i) => {
      const header = pageOf(`表${i}見出し`);
      return (
        pageOf(`表${i}の題`) !== header ||
        pageOf(`表${i}の1行目`) !== header ||
        pageOf(`表${i}の2行目`) !== header
      );
    });
    expect(apart).toEqual([]);
  });
});
