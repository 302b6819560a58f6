import type { TApiFailure } from '../../lib/api-client';
import { CONFLICT_MESSAGE, fromApiError } from './action-result';

function apiError(overrides: Partial<TApiFailure>): TApiFailure {
  return {
    code: 'conflict',
    status: 409,
    message: { ja: 'ほかの人がこの相談を先に更新しました。', en: 'Someone else updated this case first.' },
    fields: [],
    details: {},
    requestId: 'req-1',
    ...overrides,
  };
}

describe('fromApiError', () => {
  it('turns a stale version (case or referral) into the reload message, flagged as a conflict', () => {
    const result = fromApiError(
      apiError({ reason: 'version_conflict', details: { reason: 'version_conflict' } }),
    );
    expect(result).toMatchObject({ ok: false, conflict: true, message: CONFLICT_MESSAGE });
    expect(CONFLICT_MESSAGE).toEqual({
      ja: 'このケースは他の人が更新しました — 再読み込みしてください',
      en: 'This case changed — reload',
    });
  });

  it("passes other 409s on with the API's own words and the eligibility warnings to acknowledge", () => {
    const warning = { ja: '18歳までの人のための窓口です', en: 'This window is for people aged up to 18' };
    const result = fromApiError(
      apiError({
        reason: 'eligibility_warning',
        message: { ja: '対象外の可能性があります。', en: 'May not be eligible.' },
        details: { reason: 'eligibility_warning', warnings: [warning, 'not a warning'] },
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      conflict: false,
      reason: 'eligibility_warning',
      warnings: [warning],
      message: { ja: '対象外の可能性があります。', en: 'May not be eligible.' },
    });
  });

  it('keeps field errors for the form', () => {
    const fields = [
      {
        path: 'reason',
        code: 'too_small',
        message: { ja: '理由を書いてください', en: 'Please give a reason' },
      },
    ];
    expect(fromApiError(apiError({ code: 'validation_failed', status: 400, fields }))).toMatchObject({
      fields,
    });
  });
});
