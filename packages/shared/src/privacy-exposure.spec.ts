import { buildExposure, exposureLookups, type TExposureAuditRow } from './privacy-exposure';

const CASE_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const CASE_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const REFERRAL = 'cccccccc-0000-4000-8000-000000000003';
const STAFF = 'dddddddd-0000-4000-8000-000000000004';

const row = (over: Partial<TExposureAuditRow>): TExposureAuditRow => ({
  at: new Date('2026-11-10T00:00:00Z'),
  actorId: STAFF,
  actorRole: 'counselor',
  action: 'case.read',
  entity: 'case',
  entityId: null,
  caseId: CASE_A,
  meta: { view: 'detail' },
  ...over,
});

const names = {
  staff: new Map([[STAFF, '佐藤']]),
  receipts: new Map([
    [CASE_A, 'AAAA-2222'],
    [CASE_B, 'BBBB-3333'],
  ]),
  referralWindows: new Map([[REFERRAL, { slug: 'police', name: '警察相談専用電話' }]]),
};

describe('buildExposure', () => {
  const rows = [
    row({}),
    row({ at: new Date('2026-11-12T00:00:00Z') }),
    row({ action: 'case.search', caseId: null, meta: { caseIds: [CASE_A, CASE_B], terms: 1 } }),
    row({ action: 'case.update', meta: {} }),
    row({
      actorId: null,
      actorRole: null,
      action: 'referral.partner_link_viewed',
      entity: 'referral',
      entityId: REFERRAL,
      meta: { fields: ['summary'] },
    }),
    // An expired link showed nothing.
    row({
      actorId: null,
      actorRole: null,
      action: 'referral.partner_link_viewed',
      entity: 'referral',
      entityId: REFERRAL,
      caseId: CASE_B,
      meta: { fields: [] },
    }),
  ];

  it('groups per actor, case and kind with counts and first/last time; writes expose nothing', () => {
    const actors = buildExposure({ rows, names });
    expect(actors).toEqual([
      {
        actor: { type: 'staff', id: STAFF, name: '佐藤', role: 'counselor' },
        cases: [
          {
            receiptNumber: 'AAAA-2222',
            kinds: [
              {
                kind: 'case_detail',
                count: 2,
                first: '2026-11-10T00:00:00.000Z',
                last: '2026-11-12T00:00:00.000Z',
              },
              expect.objectContaining({ kind: 'search_result', count: 1 }),
            ],
          },
          {
            receiptNumber: 'BBBB-3333',
            kinds: [expect.objectContaining({ kind: 'search_result', count: 1 })],
          },
        ],
        count: 3,
        first: '2026-11-10T00:00:00.000Z',
        last: '2026-11-12T00:00:00.000Z',
      },
      {
        actor: { type: 'partner', windowSlug: 'police', name: '警察相談専用電話' },
        cases: [{ receiptNumber: 'AAAA-2222', kinds: [expect.objectContaining({ kind: 'partner_letter' })] }],
        count: 1,
        first: '2026-11-10T00:00:00.000Z',
        last: '2026-11-10T00:00:00.000Z',
      },
    ]);
  });

  it('keeps only the cases asked about, a search included when it surfaced one of them', () => {
    const actors = buildExposure({ rows, names, caseIds: new Set([CASE_B]) });
    expect(actors.map((a) => a.cases.map((c) => [c.receiptNumber, c.kinds.map((k) => k.kind)]))).toEqual([
      [['BBBB-3333', ['search_result']]],
    ]);
  });

  it('lists the ids whose names a report needs', () => {
    expect(exposureLookups(rows)).toEqual({
      staffIds: [STAFF],
      caseIds: [CASE_A, CASE_B],
      referralIds: [REFERRAL],
    });
  });
});
