import type { TReferral } from '@madoguchi/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { reissuePartnerLink, revokePartnerLink } from './partner-link-actions';
import { PartnerLinkPanel } from './partner-link-panel';

jest.mock('./partner-link-actions', () => ({ revokePartnerLink: jest.fn(), reissuePartnerLink: jest.fn() }));
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh: jest.fn(), push: jest.fn() }) }));

const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';
const REFERRAL_ID = '5f1c1e1e-8d2a-4a53-9a55-1f3f6c1d2b11';

function referral(partnerLink: TReferral['partnerLink'], status: TReferral['status'] = 'acknowledged') {
  return { id: REFERRAL_ID, status, partnerLink } as TReferral;
}

const LINK = {
  id: 'l1',
  state: 'active' as const,
  issuedAt: '2026-12-04T01:00:00.000Z',
  expiresAt: '2027-01-03T01:00:00.000Z',
  revokedAt: null,
  uses: [
    { action: 'acknowledge' as const, at: '2026-12-05T02:00:00.000Z', note: '担当の佐藤が受け付けました' },
  ],
};

describe('partner link on the referral', () => {
  it("shows the link's state, the window's answers with its note, and revokes on request", async () => {
    jest.mocked(revokePartnerLink).mockResolvedValue({
      ok: true,
      message: { ja: '先方確認リンクを取り消しました。', en: 'Partner link revoked.' },
      data: undefined,
    });
    render(<PartnerLinkPanel caseId={CASE_ID} referral={referral(LINK)} />);
    const panel = screen.getByTestId('partner-link');
    expect(panel).toHaveTextContent('有効');
    expect(panel).toHaveTextContent('2027/01/03');
    expect(within(panel).getByTestId('partner-note')).toHaveTextContent('担当の佐藤が受け付けました');
    expect(panel).toHaveTextContent('先方が「受け付けました」');
    expect(screen.queryByRole('button', { name: /新しいリンク/ })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /リンクを取り消す/ }));
    });
    expect(revokePartnerLink).toHaveBeenCalledWith({ caseId: CASE_ID, referralId: REFERRAL_ID });
    expect(screen.getByRole('status')).toHaveTextContent('取り消しました');
  });

  it('offers a new link for an expired or revoked one while the window can still answer', async () => {
    render(
      <PartnerLinkPanel
        caseId={CASE_ID}
        referral={referral({ ...LINK, state: 'revoked', revokedAt: '2026-12-06T00:00:00.000Z' }, 'sent')}
      />,
    );
    expect(screen.getByTestId('partner-link')).toHaveTextContent('取り消し');
    expect(screen.queryByRole('button', { name: /リンクを取り消す/ })).toBeNull();
    jest.mocked(reissuePartnerLink).mockResolvedValue({
      ok: true,
      message: { ja: '新しい先方確認リンクを発行しました。', en: 'New partner link issued.' },
      data: undefined,
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /新しいリンクを発行/ }));
    });
    expect(reissuePartnerLink).toHaveBeenCalledWith({ caseId: CASE_ID, referralId: REFERRAL_ID });
  });

  it('shows nothing before the referral is sent', () => {
    const { container } = render(<PartnerLinkPanel caseId={CASE_ID} referral={referral(null, 'draft')} />);
    expect(container).toBeEmptyDOMElement();
  });
});
