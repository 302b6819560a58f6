import type { TPartnerLinkView } from '@madoguchi/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import type { TPartnerAction, TPartnerFormState } from './partner-form-state';
import { PartnerLinkProblem } from './partner-link-problem';
import { PartnerLinkView } from './partner-link-view';

const TOKEN = 'A'.repeat(43);

const VIEW: TPartnerLinkView = {
  referralNumber: 'R-2026-K7QP4M',
  window: { name: { ja: '消費者ホットライン188', en: 'Consumer hotline 188' } },
  centre: { name: 'みなと市ネットトラブル相談センター', phone: '045-000-1234' },
  status: 'sent',
  statusLabel: { ja: '紹介済み', en: 'Sent' },
  state: 'active',
  expiresAt: '2027-01-03T00:00:00.000Z',
  uses: [],
  actions: ['acknowledge', 'complete', 'decline'],
  letter: [
    { kind: 'heading', text: 'ご相談の概要' },
    { kind: 'paragraph', text: '架空請求のSMSに電話してしまった。' },
    { kind: 'fields', rows: [{ label: '年齢', value: '34歳' }] },
  ],
  files: [],
};

function renderView(view: TPartnerLinkView, result: TPartnerFormState = { status: 'idle' }) {
  const action = jest.fn<ReturnType<TPartnerAction>, Parameters<TPartnerAction>>(async () => result);
  render(<PartnerLinkView token={TOKEN} view={view} action={action} />);
  return action;
}

describe('partner link page', () => {
  it('lists the shared evidence files with their hashes, each downloading through this site', () => {
    const sha256 = 'ab'.repeat(32);
    const fileId = '2b7e7f5e-8d61-4c1a-9a53-2c1d1b0f4e11';
    renderView({
      ...VIEW,
      files: [{ id: fileId, name: 'sms.png', kind: 'png', sizeBytes: 245_760, sha256, deleted: false }],
    });
    const files = screen.getByRole('region', { name: /共有された証拠ファイル/ });
    const link = within(files).getByRole('link', { name: 'sms.png' });
    expect(link).toHaveAttribute('href', `/p/${TOKEN}/evidence/${fileId}`);
    expect(within(files).getByRole('listitem')).toHaveTextContent(`画像(PNG)`);
    expect(within(files).getByRole('listitem')).toHaveTextContent('240 KB');
    expect(within(files).getByRole('listitem')).toHaveTextContent(`SHA-256: ${sha256}`);
  });

  it('lists a file deleted at the desk since with its hash, says so, and offers no download', () => {
    const sha256 = 'cd'.repeat(32);
    renderView({
      ...VIEW,
      files: [
        {
          id: '2b7e7f5e-8d61-4c1a-9a53-2c1d1b0f4e12',
          name: 'old.png',
          kind: 'png',
          sizeBytes: 1_024,
          sha256,
          deleted: true,
        },
      ],
    });
    const files = screen.getByRole('region', { name: /共有された証拠ファイル/ });
    expect(within(files).queryByRole('link')).toBeNull();
    const item = within(files).getByRole('listitem');
    expect(item).toHaveTextContent('old.png');
    expect(item).toHaveTextContent(`SHA-256: ${sha256}`);
    expect(item).toHaveTextContent('紹介元で削除済みのため、ダウンロードできません。');
    expect(item).toHaveTextContent('Deleted by the desk since it was shared');
  });

  it('shows no file section when nothing was shared', () => {
    renderView(VIEW);
    expect(screen.queryByRole('region', { name: /共有された証拠ファイル/ })).toBeNull();
  });

  it('offers each open answer as its own labelled form, with the letter the consent allows', () => {
    renderView(VIEW);
    expect(screen.getByRole('heading', { level: 1, name: /紹介へのご回答/ })).toBeVisible();
    for (const name of [/受け付けました/, /対応完了/, /お断り/]) {
      expect(screen.getByRole('form', { name })).toBeVisible();
    }
    const complete = screen.getByRole('form', { name: /対応完了/ });
    expect(within(complete).getByRole('textbox', { name: /対応の結果/ })).toBeRequired();
    const acknowledge = screen.getByRole('form', { name: /受け付けました/ });
    expect(within(acknowledge).getByRole('textbox', { name: /ご担当者/ })).not.toBeRequired();
    const letter = screen.getByRole('region', { name: /紹介状の内容/ });
    expect(within(letter).getByText('架空請求のSMSに電話してしまった。')).toBeVisible();
    expect(within(letter).getByText('34歳')).toBeVisible();
  });

  it("sends the token, the action and the form's text, and shows what was sent", async () => {
    const action = renderView(VIEW, {
      status: 'done',
      answer: {
        action: 'acknowledge',
        status: 'acknowledged',
        statusLabel: { ja: '先方が受付', en: 'Acknowledged' },
        actions: ['complete', 'decline'],
      },
    });
    const form = screen.getByRole('form', { name: /受け付けました/ });
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: '担当は佐藤です' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: /受け付けました/ }));
    });
    const sent = action.mock.calls[0]![1];
    expect([sent.get('token'), sent.get('action'), sent.get('acknowledge-note')]).toEqual([
      TOKEN,
      'acknowledge',
      '担当は佐藤です',
    ]);
    expect(screen.getByRole('status')).toHaveTextContent('「受け付けました」をお知らせしました');
  });

  it('puts a missing reason on its field and keeps what was typed elsewhere', async () => {
    renderView(VIEW, {
      status: 'failed',
      attempt: 'a1',
      action: 'decline',
      message: { ja: '入力をお確かめください。', en: 'Please check what you entered.' },
      fields: [
        { path: 'reason', code: 'too_small', message: { ja: '理由を書いてください', en: 'Write a reason' } },
      ],
      text: '',
    });
    const form = screen.getByRole('form', { name: /お断り/ });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: /お断り/ }));
    });
    expect(screen.getByRole('alert')).toHaveTextContent('入力をお確かめください。');
    const reason = within(screen.getByRole('form', { name: /お断り/ })).getByRole('textbox');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/理由を書いてください/);
  });

  it('says an answered referral is closed and offers no form', () => {
    renderView({
      ...VIEW,
      status: 'completed',
      statusLabel: { ja: '対応完了', en: 'Completed' },
      state: 'closed',
      uses: [{ action: 'complete', at: '2026-12-05T01:00:00.000Z' }],
      actions: [],
      letter: [],
    });
    expect(screen.getByTestId('partner-closed')).toHaveTextContent('ご回答は済んでいます');
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.getByTestId('partner-uses')).toHaveTextContent('対応完了(済)');
    expect(screen.queryByRole('region', { name: /紹介状の内容/ })).toBeNull();
  });

  it('names the problem of a link that does not open', () => {
    render(<PartnerLinkProblem reason="partner_link_expired" />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('リンクの有効期限が切れています');
  });
});
