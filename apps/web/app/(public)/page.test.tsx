import { render, screen, within } from '@testing-library/react';

import PublicLayout from './layout';
import LandingPage from './page';

// What a visitor gets at `/`: the public layout around the landing page.
function renderLanding() {
  render(
    <PublicLayout>
      <LandingPage />
    </PublicLayout>,
  );
}

describe('landing page', () => {
  it('tells someone in danger to call 110, before anything else on the page', () => {
    renderLanding();

    const banner = screen.getByRole('complementary', { name: /110番に電話してください/ });
    const call = within(banner).getByRole('link', { name: /110番に電話する/ });
    expect(call).toHaveAttribute('href', 'tel:110');
    expect(screen.getAllByRole('link')[0]).toBe(call);
    expect(banner.compareDocumentPosition(screen.getByRole('main'))).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it('says in Japanese what the desk is, with English alongside', () => {
    renderLanding();

    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading).toHaveTextContent('ネットトラブルの相談窓口');
    expect(within(heading).getByText('A help desk for internet trouble')).toHaveAttribute('lang', 'en');
    expect(screen.getByText(/インターネットで困ったことを相談できます/)).toBeVisible();
  });

  it('leads to the consultation form', () => {
    renderLanding();

    const start = within(screen.getByRole('main')).getByRole('link', {
      name: /^相談する\s*Start a consultation$/,
    });
    expect(start).toHaveAttribute('href', '/intake');
  });

  it('links to the case status check and the directory of help desks', () => {
    renderLanding();

    expect(screen.getByRole('link', { name: /受付番号で状況を確認/ })).toHaveAttribute('href', '/status');
    expect(screen.getByRole('link', { name: /相談窓口の一覧/ })).toHaveAttribute('href', '/windows');
  });

  it('says that a consultation can be anonymous', () => {
    renderLanding();

    expect(screen.getByRole('heading', { level: 2, name: /名前を出さずに相談できます/ })).toBeVisible();
    expect(screen.getByText(/名前や連絡先を書かなくても相談できます/)).toBeVisible();
  });

  it('gives children the free Childline number', () => {
    renderLanding();

    const children = screen.getByRole('region', { name: /こどものみなさんへ/ });
    expect(within(children).getByText(/電話代はかかりません/)).toBeVisible();
    const call = within(children).getByRole('link', { name: /0120-99-7777/ });
    expect(call).toHaveAttribute('href', 'tel:0120997777');
  });

  it('keeps the staff sign-in in the footer, away from the way in for people seeking help', () => {
    renderLanding();

    const staff = screen.getByRole('link', { name: /職員ログイン/ });
    expect(staff).toHaveAttribute('href', '/login');
    expect(within(screen.getByRole('contentinfo')).getByRole('link', { name: /職員ログイン/ })).toBe(staff);
    expect(within(screen.getByRole('main')).queryByRole('link', { name: /職員ログイン/ })).toBeNull();
  });
});
