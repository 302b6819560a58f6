import { ZAuditQuery } from './audit-api.schema';

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
});
