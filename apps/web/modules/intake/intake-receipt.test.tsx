import { render, screen, within } from '@testing-library/react';

import { IntakeReceipt } from './intake-receipt';
import { triageFor, windowViews } from './intake-test-fixtures';

function renderReceipt(draft: Parameters<typeof triageFor>[0], age?: number) {
  const triage = triageFor(draft);
  render(
    <IntakeReceipt
      receipt={{ receiptNumber: 'K7QP-4MZT', accessCode: '7EDAH-F42E7', triage }}
      windows={windowViews()}
      age={age}
    />,
  );
  return triage;
}

describe('receipt after sending', () => {
  it('puts the 110 banner before the codes when the person is in danger now', () => {
    renderReceipt({
      description: '元交際相手に家の前で待ち伏せされています',
      answers: { inDangerNow: true },
    });

    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('link', { name: /110番に電話する/ })).toHaveAttribute('href', 'tel:110');
    const codes = screen.getByRole('heading', { name: /この2つを、かならず書きとめてください/ });
    expect(alert.compareDocumentPosition(codes)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it('shows the receipt number and access code large, with a prompt to write them down', () => {
    renderReceipt({ description: 'テスト' });

    expect(screen.getByText('K7QP-4MZT')).toHaveClass('code');
    expect(screen.getByText('7EDAH-F42E7')).toHaveClass('code');
    expect(screen.getByText(/紙に書くか、この画面を撮影\(スクリーンショット\)して/)).toBeVisible();
    expect(screen.getByRole('link', { name: /状況を確認するページへ/ })).toHaveAttribute('href', '/status');
  });

  it('lists the recommended windows with call links, hours and whether they are open now', () => {
    const triage = renderReceipt({
      category: 'fictitious_billing',
      description: 'アダルトサイトで登録完了と出た',
    });

    expect(triage.recommendations.map((r) => r.windowSlug)).toContain('consumer-188');
    const card = screen.getByRole('article', { name: /消費者ホットライン188/ });
    expect(within(card).getByRole('link', { name: /^188/ })).toHaveAttribute('href', 'tel:188');
    expect(within(card).getByText('月〜金 9:00〜17:00')).toBeVisible();
    expect(within(card).getByText('いま受付中')).toBeVisible();
    expect(within(card).getByText(/架空請求やワンクリック詐欺の相談を受けています/)).toBeVisible();
  });

  it('gives the advice: what not to do, what to do, what evidence to keep', () => {
    renderReceipt({ category: 'fictitious_billing', description: 'アダルトサイトで登録完了と出た' });

    const doNot = screen.getByRole('region', { name: /してはいけないこと/ });
    expect(within(doNot).getByText('お金を払わないでください。')).toBeVisible();
    expect(screen.getByRole('region', { name: /してほしいこと/ })).toBeVisible();
    expect(
      within(screen.getByRole('region', { name: /とっておいてほしいもの/ })).getByText(/スクリーンショット/),
    ).toBeVisible();
  });

  it('offers Childline to a child', () => {
    renderReceipt(
      { category: 'child_bullying', description: 'LINEで悪口を書かれた', person: { age: 13 } },
      13,
    );

    expect(screen.getAllByRole('link', { name: /0120-99-7777/ })[0]).toHaveAttribute(
      'href',
      'tel:0120997777',
    );
  });
});
