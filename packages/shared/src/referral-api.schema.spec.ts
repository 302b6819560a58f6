import {
  ZCreateReferral,
  ZReferralCaseParams,
  ZReferralStatusRequest,
  ZUpdateReferral,
  type TCreateReferral,
} from './referral-api.schema';

const valid = {
  windowSlug: 'consumer-188',
  reason: '架空請求の相談。消費生活センターでの助言が必要',
  method: 'guided_client',
  consent: { givenBy: 'client', fields: ['summary', 'categories'] },
} satisfies TCreateReferral;

describe('ZCreateReferral', () => {
  it('accepts a referral with per-field consent, and an empty field list (nothing disclosed)', () => {
    expect(ZCreateReferral.parse(valid)).toEqual(valid);
    expect(
      ZCreateReferral.safeParse({ ...valid, consent: { givenBy: 'guardian', fields: [] } }).success,
    ).toBe(true);
  });

  it('refuses unknown disclosure fields, repeated fields, unknown methods and consent dated in the future', () => {
    const bad = [
      { ...valid, consent: { givenBy: 'client', fields: ['bank_statement'] } },
      { ...valid, consent: { givenBy: 'client', fields: ['summary', 'summary'] } },
      { ...valid, consent: { givenBy: 'friend', fields: [] } },
      { ...valid, method: 'fax' },
      {
        ...valid,
        consent: { givenBy: 'client', fields: [], givenAt: new Date(Date.now() + 86_400_000).toISOString() },
      },
      { ...valid, reason: '   ' },
      { ...valid, extra: true },
    ];
    for (const body of bad) {
      expect(ZCreateReferral.safeParse(body).success).toBe(false);
    }
  });
});

describe('status and update requests', () => {
  it('need the version that was read', () => {
    expect(ZReferralStatusRequest.safeParse({ to: 'sent' }).success).toBe(false);
    expect(ZReferralStatusRequest.safeParse({ to: 'sent', version: 1 }).success).toBe(true);
    expect(ZReferralStatusRequest.safeParse({ to: 'lost', version: 1 }).success).toBe(false);
  });

  it('refuses an update that changes nothing, and lets a follow-up date be cleared', () => {
    expect(ZUpdateReferral.safeParse({ version: 2 }).success).toBe(false);
    expect(ZUpdateReferral.safeParse({ version: 2, followUpDueAt: null }).success).toBe(true);
  });
});

describe('path parameters', () => {
  it('name the case `caseId` and take only a UUID', () => {
    const caseId = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';
    expect(ZReferralCaseParams.parse({ caseId })).toEqual({ caseId });
    expect(ZReferralCaseParams.safeParse({ caseId: 'K7QP-4MZT' }).success).toBe(false);
    expect(ZReferralCaseParams.safeParse({ id: caseId }).success).toBe(false);
  });
});
