import type { TReferral } from '@madoguchi/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { emailPartnerLink, reissuePartnerLink, revokePartnerLink } from './partner-link-actions';
import { PartnerLinkPanel } from './partner-link-panel';

jest.mock('./partner-link-actions', () => ({
  revokePartnerLink: jest.fn(),
  reissuePartnerLink: jest.fn(),
  emailPartnerLink: jest.fn(),
}));
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh: jest.fn(), push: jest.fn() }) }));

const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';
const REFERRAL_ID = '5f1c1e1e-8d2a-4a53-9a55-1f3f6c1d2b11';

function referral(
  partnerLink: TReferral['partnerLink'],
  status: TReferral['status'] = 'acknowledged',
  referralEmail: string | null = null,
) {
  const window = {
    slug: 'consumer-188',
    name: { ja: '消費者ホットライン', en: 'Consumer hotline' },
    active: true,
  };
  return { id: REFERRAL_ID, status, partnerLink, window: { ...window, referralEmail } } as TReferral;
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

  it("e-mails a live link to the window's address and says where it went", async () => {
    jest.mocked(emailPartnerLink).mockResolvedValue({
      ok: true,
      message: {
        ja: 'リンクを referrals@window.example.jp 宛てにメールで送りました。',
        en: 'The link was e-mailed to referrals@window.example.jp.',
      },
      data: undefined,
    });
    render(
      <PartnerLinkPanel caseId={CASE_ID} referral={referral(LINK, 'sent', 'referrals@window.example.jp')} />,
    );
    expect(screen.getByTestId('partner-link')).toHaveTextContent('referrals@window.example.jp');
    expect(screen.queryByTestId('partner-link-no-email')).toBeNull();
    await act(async () => {
      fireEvent.click(
        screen.getByRole('button', { name: 'リンクをメールで送る / E-mail the link to the window' }),
      );
    });
    expect(emailPartnerLink).toHaveBeenCalledWith({ caseId: CASE_ID, referralId: REFERRAL_ID });
    expect(screen.getByRole('status')).toHaveTextContent(
      'referrals@window.example.jp 宛てにメールで送りました',
    );
  });

  it('without a window address, offers no e-mail and says an admin can add one', () => {
    render(<PartnerLinkPanel caseId={CASE_ID} referral={referral(LINK, 'sent')} />);
    expect(screen.queryByRole('button', { name: /メールで送る/ })).toBeNull();
    expect(screen.getByTestId('partner-link-no-email')).toHaveTextContent('管理者が窓口の設定で追加できます');
  });

  it('offers no e-mail for a revoked link, even with an address', () => {
    render(
      <PartnerLinkPanel
        caseId={CASE_ID}
        referral={referral(
          { ...LINK, state: 'revoked', revokedAt: '2026-12-06T00:00:00.000Z' },
          'sent',
          'referrals@window.example.jp',
        )}
      />,
    );
    expect(screen.queryByRole('button', { name: /メールで送る/ })).toBeNull();
    expect(screen.queryByTestId('partner-link-no-email')).toBeNull();
  });

  it('shows nothing before the referral is sent', () => {
    const { container } = render(<PartnerLinkPanel caseId={CASE_ID} referral={referral(null, 'draft')} />);
    expect(container).toBeEmptyDOMElement();
  });
});
