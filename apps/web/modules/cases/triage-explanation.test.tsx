import type { TCaseDetail, TTriageResult } from '@madoguchi/shared';
import { render, screen, within } from '@testing-library/react';

import { triageFor } from '../intake/intake-test-fixtures';
import { TriageExplanation } from './triage-explanation';

function triageRun(result: TTriageResult): NonNullable<TCaseDetail['triage']> {
  return {
    id: '00000000-0000-4000-8000-0000000000f1',
    ruleSetVersion: result.ruleSetVersion,
    urgency: result.urgency,
    result,
    createdAt: '2026-11-30T01:00:00.000Z',
  };
}

function renderExplanation(result: TTriageResult) {
  render(<TriageExplanation triage={triageRun(result)} windows={[]} />);
}

function signalRows() {
  return screen
    .getAllByTestId<HTMLTableRowElement>('triage-signal')
    .map((row) => [...row.cells].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()));
}

describe('TriageExplanation', () => {
  it('lists the signals with their source and the words as the person wrote them', () => {
    const result = triageFor({
      category: 'sns_threat_stalking',
      description: '裸の写真をばらすと脅されています。もう死にたい。',
    });
    expect(result.signals.map((signal) => signal.code)).toEqual(['intimate_images', 'self_harm']);

    renderExplanation(result);

    expect(signalRows()).toEqual([
      ['⚠ 性的画像 Intimate images (安全フラグ / safety flag)', '本文 Text', '「裸の写真」'],
      ['⚠ 自殺・自傷の言葉 Self-harm words (安全フラグ / safety flag)', '本文 Text', '「死にたい」'],
    ]);
  });

  it('says which signals came from an answer and which from the text', () => {
    renderExplanation(
      triageFor({
        description: '元交際相手に家の前で待ち伏せされています',
        answers: { inDangerNow: true },
      }),
    );
    const rows = signalRows();
    expect(rows[0]).toEqual([
      '⚠ いま身の危険がある In danger now (安全フラグ / safety flag)',
      '回答 Answer',
      '—',
    ]);
    expect(rows.some((row) => row[1] === '本文 Text' && row[2]?.startsWith('「'))).toBe(true);
  });

  it('shows both sides when the answer and the text disagree', () => {
    const result = triageFor({
      category: 'fictitious_billing',
      description: 'アダルトサイトで登録完了と出て、5万円払ってしまった。',
      answers: { paid: false },
    });
    const [disagreement] = result.disagreements;
    expect(disagreement).toMatchObject({ code: 'money_paid', answer: 'paid', answered: false });

    renderExplanation(result);

    const box = screen.getByTestId('triage-disagreements');
    expect(within(box).getByRole('heading', { name: /回答と本文が食い違っています/ })).toBeVisible();
    const item = within(box).getByRole('listitem');
    expect(item).toHaveTextContent('すでに支払った');
    expect(item).toHaveTextContent(`回答: いいえ / 本文: 『${disagreement!.phrase}』`);
    expect(item).toHaveTextContent(`(answer: no; text: “${disagreement!.phrase}”)`);
    // The payment the text mentions, with the amount written next to it.
    expect(signalRows()).toContainEqual([
      'お金を払った Money paid',
      '本文 Text',
      `「${disagreement!.phrase}」 (50,000円)`,
    ]);
  });

  it('asks the counselor to check when "about myself" was answered but the text speaks of a child', () => {
    const result = triageFor({
      description: '娘がクラスのLINEで悪口を書かれています',
      caller: { relation: 'self' },
      person: { age: 12 },
    });
    renderExplanation(result);
    const item = within(screen.getByTestId('triage-disagreements')).getByRole('listitem');
    expect(item).toHaveTextContent('本人のことか(相談者の続柄)');
    expect(item).toHaveTextContent(/回答: はい \/ 本文: 『娘が/);
  });

  it('shows who is writing, whether a child is affected, and the cues read', () => {
    renderExplanation(
      triageFor({ description: '中2の娘がSNSで裸の写真を送ってしまい、ばらすと脅されている' }),
    );

    const stage = screen.getByTestId('triage-life-stage');
    expect(within(stage).getByText('書いた人 / Writer').nextElementSibling).toHaveTextContent('大人 Adult');
    expect(within(stage).getByText('子どもが被害に / Child affected').nextElementSibling).toHaveTextContent(
      'はい / Yes',
    );
    expect(within(stage).getByText('「娘が」')).toBeVisible();
    expect(within(stage).getByText('「中2」')).toBeVisible();
  });

  it('reads a result stored before signals existed as having none', () => {
    const current = triageFor({ description: 'テスト' });
    const { signals: _signals, disagreements: _disagreements, lifeStage: _lifeStage, ...stored } = current;

    renderExplanation(stored as TTriageResult);

    expect(screen.queryByTestId('triage-signal')).toBeNull();
    expect(screen.queryByTestId('triage-disagreements')).toBeNull();
    expect(screen.getByText(/記録なし\(以前の判定\)/)).toBeVisible();
  });
});
