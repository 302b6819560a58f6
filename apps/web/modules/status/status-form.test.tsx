import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { statusFurigana } from '../intake/furigana';
import type { TStatusAction, TStatusFormState } from './status-form-state';
import { StatusForm } from './status-form';

async function submitWith(result: TStatusFormState) {
  const action = jest.fn<ReturnType<TStatusAction>, Parameters<TStatusAction>>(async () => result);
  render(<StatusForm action={action} />);
  fireEvent.change(screen.getByRole('textbox', { name: /受付番号/ }), { target: { value: 'k7qp-4mzt' } });
  fireEvent.change(screen.getByRole('textbox', { name: /アクセスコード/ }), {
    target: { value: '7EDAH-F42E7' },
  });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: /確認する/ }));
  });
  return action;
}

type TFound = Extract<TStatusFormState, { status: 'found' }>;

function found(reply?: TFound['reply']): TFound {
  return {
    status: 'found',
    result: {
      receiptNumber: 'K7QP-4MZT',
      status: 'referred',
      statusLabel: { ja: '他の窓口を案内済み', en: 'Referred' },
      lastUpdatedAt: '2026-11-30T01:00:00.000Z',
      messages: [{ at: '2026-11-30T01:00:00.000Z', body: '消費者ホットライン188に電話してください。' }],
      conversation: [
        { at: '2026-11-30T01:00:00.000Z', from: 'desk', body: '消費者ホットライン188に電話してください。' },
        { at: '2026-11-30T02:00:00.000Z', from: 'person', body: '電話しました。' },
      ],
      canReply: true,
      readingAid: false,
      files: [],
      requests: [],
      dataDeletedAt: null,
    },
    credentials: { receiptNumber: 'K7QP-4MZT', accessCode: '7EDAH-F42E7' },
    replyKey: '00000000-0000-4000-8000-000000000000',
    reply,
  };
}

describe('status check', () => {
  it('has a labelled field for each code', () => {
    render(<StatusForm action={async (state) => state} />);
    expect(screen.getByRole('textbox', { name: /受付番号/ })).toHaveAccessibleDescription(/K7QP-4MZT/);
    expect(screen.getByRole('textbox', { name: /アクセスコード/ })).toBeVisible();
  });

  it('shows the status, the last update and the conversation, oldest first', async () => {
    const action = await submitWith(found());

    expect(action.mock.calls[0]?.[1].get('receiptNumber')).toBe('k7qp-4mzt');
    expect(screen.getByTestId('status-label')).toHaveTextContent('他の窓口を案内済み');
    expect(screen.getByText(/11月30日\(月\) 10:00/, { selector: 'dd' })).toBeVisible();
    const messages = screen.getByRole('region', { name: /相談員とのやりとり/ });
    const items = within(messages).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(/相談員.*消費者ホットライン188に電話してください。/);
    expect(items[1]).toHaveTextContent(/あなた.*11月30日\(月\) 11:00.*電話しました。/);
  });

  it('offers a labelled reply form that sends the pair in hidden fields', async () => {
    const action = await submitWith(found());
    const reply = screen.getByRole('textbox', { name: /相談員への返信/ });
    fireEvent.change(reply, { target: { value: 'まだ連絡が来ます。' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /返信を送る/ }));
    });
    const sent = action.mock.calls[1]?.[1];
    expect(sent?.get('intent')).toBe('reply');
    expect(sent?.get('body')).toBe('まだ連絡が来ます。');
    expect(sent?.get('accessCode')).toBe('7EDAH-F42E7');
  });

  it('ties a refused reply to the reply box, keeping what was typed', async () => {
    await submitWith(
      found({
        status: 'failed',
        attempt: 'r1',
        code: 'validation_failed',
        message: { ja: '返信を送れませんでした。', en: 'Your reply was not sent.' },
        fields: [
          { path: 'body', code: 'too_big', message: { ja: '4000文字以内にしてください', en: 'Too long' } },
        ],
        body: '長い文章',
      }),
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveFocus();
    expect(within(alert).getByRole('link', { name: /相談員への返信/ })).toHaveAttribute(
      'href',
      '#field-body',
    );
    const reply = screen.getByRole('textbox', { name: /相談員への返信/ });
    expect(reply).toHaveAttribute('aria-invalid', 'true');
    expect(reply).toHaveValue('長い文章');
  });

  it('shows furigana over the kanji when the page has readings, and the toggle turns them off', async () => {
    const state = found();
    const action = await submitWith({ ...state, furigana: statusFurigana(state.result) });

    const title = screen.getByRole('heading', { level: 1 });
    expect(title.querySelector('ruby')).toHaveTextContent('相談(そうだん)');
    expect([...title.querySelectorAll('rt')].map((rt) => rt.textContent)).toEqual([
      'そうだん',
      'じょうきょう',
    ]);
    expect(screen.getByTestId('status-label').querySelectorAll('rt')).not.toHaveLength(0);
    // The desk's messages are the counselor's own words: shown as written.
    const messages = screen.getByRole('region', { name: /やりとり/ });
    expect(within(messages).getByText('電話しました。').querySelector('ruby')).toBeNull();
    // The reply keeps the page as it is; the toggle asks for it without furigana.
    const toggle = screen.getByRole('button', { name: /ふりがなをつける/ });
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await act(async () => {
      fireEvent.click(toggle);
    });
    const asked = action.mock.calls[1]?.[1];
    expect(asked?.get('furigana')).toBe('off');
    expect(asked?.get('accessCode')).toBe('7EDAH-F42E7');
    expect(asked?.get('intent')).toBeNull();
  });

  it('shows the page without furigana by default, with the toggle to ask for it', async () => {
    await submitWith(found());
    expect(screen.getByRole('heading', { level: 1 }).querySelector('ruby')).toBeNull();
    expect(screen.getByRole('button', { name: /ふりがなをつける/ })).toHaveAttribute('aria-pressed', 'false');
    const replyForm = screen.getByRole('textbox', { name: /相談員への返信/ }).closest('form')!;
    expect(new FormData(replyForm).get('furigana')).toBe('off');
  });

  it('lists the files the person sent, each with its SHA-256', async () => {
    const state = found();
    const sha256 = 'e3'.repeat(32);
    await submitWith({
      ...state,
      result: {
        ...state.result,
        files: [
          { name: 'sms.png', kind: 'png', sizeBytes: 2048, sha256, receivedAt: '2026-11-30T01:00:00.000Z' },
        ],
      },
    });
    const files = screen.getByRole('region', { name: /あなたが送ったファイル/ });
    expect(within(files).getByRole('listitem')).toHaveTextContent('sms.png');
    expect(within(files).getByRole('listitem')).toHaveTextContent('2.0 KB');
    expect(within(files).getByRole('listitem')).toHaveTextContent(sha256);
  });

  it('offers no reply form on a closed case', async () => {
    const state = found();
    await submitWith({
      ...state,
      result: { ...state.result, status: 'closed', canReply: false },
    });
    expect(screen.queryByRole('textbox', { name: /相談員への返信/ })).toBeNull();
    expect(screen.getByText(/ここからは返信できません/)).toBeVisible();
  });

  it('says when the pair is wrong or the check is locked, in an alert', async () => {
    await submitWith({
      status: 'failed',
      attempt: 'a1',
      code: 'locked',
      values: { receiptNumber: 'K7QP-4MZT', accessCode: 'WRONG-CODE2' },
      message: {
        ja: 'アクセスコードの間違いが続いたため、15分間は確認できません。',
        en: 'Too many wrong access codes.',
      },
      fields: [],
    });

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('15分間は確認できません');
    expect(alert).toHaveFocus();
    expect(screen.getByRole('textbox', { name: /受付番号/ })).toHaveValue('K7QP-4MZT');
  });

  it('ties a format error to its field', async () => {
    await submitWith({
      status: 'failed',
      attempt: 'a2',
      code: 'validation_failed',
      values: { receiptNumber: 'K0QP-4MZT', accessCode: '7EDAH-F42E7' },
      message: { ja: '入力をたしかめてください。', en: 'Please check what you entered.' },
      fields: [
        {
          path: 'receiptNumber',
          code: 'invalid_format',
          message: { ja: '受付番号は、英字と数字の8文字です', en: 'x' },
        },
      ],
    });

    const receipt = screen.getByRole('textbox', { name: /受付番号/ });
    expect(receipt).toHaveAttribute('aria-invalid', 'true');
    expect(receipt).toHaveAccessibleDescription(/英字と数字の8文字です/);
    expect(within(screen.getByRole('alert')).getByRole('link', { name: /受付番号/ })).toHaveAttribute(
      'href',
      '#field-receiptNumber',
    );
  });
});
