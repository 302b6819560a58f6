import type { TExposureReport } from '@madoguchi/shared';
import { formatExposure, parseExposureArgs, UsageError } from './privacy-exposure';

const FROM = '2026-11-01T00:00:00+09:00';
const TO = '2026-12-01T00:00:00+09:00';

describe('npm run privacy:exposure arguments', () => {
  it('takes a window, receipt numbers however typed, and --json', () => {
    const args = parseExposureArgs([
      '--from',
      FROM,
      '--to',
      TO,
      '--case',
      'k7qp4mzt',
      '--case',
      'AB23-CD45',
      '--json',
    ]);
    expect(args).toEqual({ query: { from: FROM, to: TO, cases: ['K7QP-4MZT', 'AB23-CD45'] }, json: true });
  });

  it.each([
    [['--from', 'yesterday', '--to', TO], /--from: 日付の形が正しくありません/],
    [['--from', TO, '--to', FROM], /--to: 終わりの日時は始まりの日時より後にしてください/],
    [['--from', FROM], /--to:/],
    [['--from', FROM, '--to', TO, '--case', 'nope'], /--cases:/],
    [['--from', FROM, '--to', TO, '--everything'], /Unknown argument: --everything/],
  ])('refuses %j with a readable message', (argv, message) => {
    expect(() => parseExposureArgs(argv)).toThrow(UsageError);
    expect(() => parseExposureArgs(argv)).toThrow(message);
  });
});

describe('the table', () => {
  it('has one line per actor, case and kind, with counts and first/last time', () => {
    const report: TExposureReport = {
      from: '2026-10-31T15:00:00.000Z',
      to: '2026-11-30T15:00:00.000Z',
      cases: [],
      generatedAt: '2026-12-04T00:00:00.000Z',
      actors: [
        {
          actor: { type: 'staff', id: 'u-1', name: '佐藤', role: 'counselor' },
          cases: [
            {
              receiptNumber: 'K7QP-4MZT',
              kinds: [
                {
                  kind: 'case_detail',
                  count: 2,
                  first: '2026-11-02T00:00:00.000Z',
                  last: '2026-11-03T00:00:00.000Z',
                },
              ],
            },
          ],
          count: 2,
          first: '2026-11-02T00:00:00.000Z',
          last: '2026-11-03T00:00:00.000Z',
        },
      ],
    };
    const lines = formatExposure(report).split('\n');
    expect(lines[2]).toMatch(/^actor\s+role\s+case\s+kind\s+count\s+first\s+last$/);
    expect(lines[3]).toMatch(
      /^佐藤 \(u-1\)\s+counselor\s+K7QP-4MZT\s+case_detail\s+2\s+2026-11-02T00:00:00.000Z\s+2026-11-03/,
    );
    expect(formatExposure({ ...report, actors: [] })).toContain('該当なし / nothing in this window');
  });
});
