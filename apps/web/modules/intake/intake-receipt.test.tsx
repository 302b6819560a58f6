import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { IntakeReceipt } from './intake-receipt';
import { triageFor, windowViews } from './intake-test-fixtures';

function renderReceipt(draft: Parameters<typeof triageFor>[0], age?: number, courtPapersReceived?: boolean) {
  const triage = triageFor(draft);
  render(
    <IntakeReceipt
      receipt={{ receiptNumber: 'K7QP-4MZT', accessCode: '7EDAH-F42E7', triage }}
      windows={windowViews()}
      age={age}
      courtPapersReceived={courtPapersReceived}
    />,
  );
  return triage;
}

/** Each element comes after the one before it in the page (reading order, and order on a phone). */
function expectInDocumentOrder(...elements: Element[]) {
  for (let index = 1; index < elements.length; index += 1) {
    const [before, after] = [elements[index - 1]!, elements[index]!];
    expect(before.compareDocumentPosition(after) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  }
}

const COURT_NOTE = /あとで裁判所から「特別送達」の封筒が届いたら、放っておかずにすぐ相談してください。/;

describe('saving the codes', () => {
  it('copies both codes at once and says so, and offers printing', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    try {
      renderReceipt({ description: '登録完了と出て料金を請求された' });
      const copy = screen.getByRole('button', { name: /2つをコピーする/ });
      await act(async () => {
        fireEvent.click(copy);
      });
      expect(writeText).toHaveBeenCalledWith(expect.stringContaining('K7QP-4MZT'));
      expect(writeText.mock.calls[0]![0]).toContain('7EDAH-F42E7');
      expect(screen.getByRole('status')).toHaveTextContent('コピーしました');
      expect(screen.getByRole('button', { name: /PDFで保存する/ })).toBeVisible();
      expect(screen.getByText(/読み込み直したりすると、もう表示できません/)).toBeVisible();
    } finally {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    }
  });

  it('tells the person to write them down when the copy fails', async () => {
    const writeText = jest.fn().mockRejectedValue(new Error('denied'));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    try {
      renderReceipt({ description: '登録完了と出て料金を請求された' });
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: /2つをコピーする/ }));
      });
      expect(screen.getByRole('status')).toHaveTextContent('コピーできませんでした');
    } finally {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    }
  });
});

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

  it('puts the alerts and what never to do first, then the access code, then the windows', () => {
    const triage = renderReceipt({
      category: 'sns_threat_stalking',
      description: '裸の写真をばらすと脅されています。いま家の前にいると言われました。',
      answers: { inDangerNow: true },
    });
    // The case needs the 110 banner, another alert and a "do not" list for the order to mean anything.
    expect(triage.safetyAlerts.map((alert) => alert.code)).toEqual(['call-110-now', 'intimate-images']);
    expect(triage.advice.doNot.length).toBeGreaterThan(0);

    const banner = screen.getByRole('alert');
    const otherAlerts = screen.getByText('まず、読んでください').closest('.safety-alerts')!;
    expect(otherAlerts).toHaveTextContent(triage.safetyAlerts[1]!.message.ja);
    const doNot = screen.getByRole('region', { name: /してはいけないこと/ });
    expect(within(doNot).getByText(triage.advice.doNot[0]!.ja)).toBeVisible();
    const codes = screen.getByRole('region', { name: /この2つを、かならず書きとめてください/ });
    const accessCode = screen.getByTestId('access-code');
    const windows = screen.getByRole('region', { name: /相談できる窓口/ });
    const firstWindow = within(windows).getAllByRole('listitem')[0]!;

    expectInDocumentOrder(
      screen.getByRole('heading', { level: 1 }),
      banner,
      otherAlerts,
      doNot,
      codes,
      accessCode,
      windows,
      firstWindow,
    );
    // The code follows the alerts directly: nothing else is wedged in between.
    expect(doNot.nextElementSibling).toBe(codes);
    expect(accessCode).toHaveTextContent('7EDAH-F42E7');
    // The "do not" list is shown once, at the top; the rest of the advice stays below the windows.
    expect(screen.getAllByRole('region', { name: /してはいけないこと/ })).toHaveLength(1);
  });

  it('lists what never to do before the codes even when there is no alert', () => {
    const triage = renderReceipt({
      category: 'fictitious_billing',
      description: 'アダルトサイトで登録完了と出た',
    });
    expect(triage.safetyAlerts).toEqual([]);

    const doNot = screen.getByRole('region', { name: /してはいけないこと/ });
    expectInDocumentOrder(
      doNot,
      screen.getByTestId('access-code'),
      screen.getByRole('region', { name: /相談できる窓口/ }),
      screen.getByRole('region', { name: /してほしいこと/ }),
    );
  });

  it('tells someone who has no court papers yet what to do if a special-delivery envelope comes', () => {
    renderReceipt(
      {
        category: 'fictitious_billing',
        description: 'アダルトサイトで登録完了と出た',
        answers: { courtPapersReceived: false },
      },
      undefined,
      false,
    );

    const note = screen.getByText(COURT_NOTE);
    expect(note).toBeVisible();
    expect(within(note).getByText(/special delivery/)).toHaveAttribute('lang', 'en');
  });

  it.each([
    ['answered yes', true],
    ['not answered', undefined],
  ])('says nothing about later court papers when %s', (_, answer) => {
    renderReceipt(
      {
        category: 'fictitious_billing',
        description: 'アダルトサイトで登録完了と出た',
        ...(answer === undefined ? {} : { answers: { courtPapersReceived: answer } }),
      },
      undefined,
      answer,
    );

    expect(screen.queryByText(COURT_NOTE)).toBeNull();
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
