import type { TReferral } from '@madoguchi/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { changeReferralStatus } from './case-actions';
import { NoResponseConfirm } from './no-response-confirm';

jest.mock('./case-actions', () => ({ changeReferralStatus: jest.fn() }));
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh: jest.fn(), push: jest.fn() }) }));

const change = jest.mocked(changeReferralStatus);
const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';

const referral = (noResponseSuspected: boolean) =>
  ({
    id: '1c9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a12',
    status: 'sent',
    version: 3,
    followUpDueAt: '2026-11-20T00:00:00.000Z',
    noResponseSuspected,
  }) as TReferral;

describe('NoResponseConfirm', () => {
  it('says nothing while no response is suspected', () => {
    const { container } = render(<NoResponseConfirm caseId={CASE_ID} referral={referral(false)} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('flags the referral in words and marks it no_response only when the counselor confirms', async () => {
    change.mockResolvedValue({
      ok: true,
      message: { ja: '紹介を「先方から返事なし」にしました。', en: 'Done' },
      data: undefined,
    });
    render(<NoResponseConfirm caseId={CASE_ID} referral={referral(true)} />);
    expect(screen.getByRole('region', { name: /返事なしの可能性/ })).toHaveTextContent(
      'No response suspected',
    );
    expect(change).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /返事なしを確認/ }));
    });
    expect(change).toHaveBeenCalledWith(
      expect.objectContaining({
        caseId: CASE_ID,
        referralId: referral(true).id,
        version: 3,
        to: 'no_response',
      }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('先方から返事なし');
  });
});
