import { ZAuditExportQuery, ZAuditQuery } from './audit-api.schema';
import { toFieldErrors } from './field-errors';

describe('ZAuditQuery', () => {
  it('takes the filters and a numeric cursor', () => {
    expect(
      ZAuditQuery.parse({
        action: 'referral.send',
        caseId: '8f2d6c1e-3b7a-4c5d-9e0f-1a2b3c4d5e6f',
        from: '2026-01-01T00:00:00+09:00',
        cursor: '1234',
        limit: '20',
      }),
    ).toMatchObject({ action: 'referral.send', cursor: '1234', limit: 20 });
  });

  it('refuses an inverted time range, a non-numeric cursor and unknown filters', () => {
    expect(ZAuditQuery.safeParse({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success).toBe(
      false,
    );
    expect(ZAuditQuery.safeParse({ cursor: '0' }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ cursor: '12; DROP' }).success).toBe(false);
    expect(ZAuditQuery.safeParse({ ip: '127.0.0.1' }).success).toBe(false);
  });

  it('takes a case as a receipt number in any spelling or as an id, and says what else it wants', () => {
    for (const caseRef of [
      'K7QP-4MZT',
      'k7qp4mzt',
      'Ｋ７ＱＰ－４ＭＺＴ',
      '8f2d6c1e-3b7a-4c5d-9e0f-1a2b3c4d5e6f',
    ]) {
      expect(ZAuditQuery.safeParse({ caseRef }).success).toBe(true);
    }
    const refused = ZAuditQuery.safeParse({ caseRef: 'K7QP-4MZ0' });
    expect(refused.success).toBe(false);
    expect(toFieldErrors(refused.error!)).toEqual([
      expect.objectContaining({
        path: 'caseRef',
        message: expect.objectContaining({ ja: expect.stringContaining('受付番号') }),
      }),
    ]);
  });
});

describe('ZAuditExportQuery', () => {
  it('takes the same filters without paging', () => {
    expect(ZAuditExportQuery.safeParse({ caseRef: 'k7qp4mzt', action: 'case.read' }).success).toBe(true);
    expect(ZAuditExportQuery.safeParse({ limit: '5' }).success).toBe(false);
    expect(
      ZAuditExportQuery.safeParse({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success,
    ).toBe(false);
  });
});
