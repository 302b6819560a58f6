import { handoverInstructions, handoverItems } from './credentials-handover';
import type { TIssuedCredentials } from './user-actions';

jest.mock('./user-actions', () => ({}));

const NOW = new Date('2026-12-03T06:00:00Z');
const BOTH: TIssuedCredentials = {
  email: 'sodan@desk.example.jp',
  displayName: '相談 花子',
  temporaryPassword: 'q3Vx-temporary-pass',
  temporaryPasswordExpiresAt: '2026-12-06T06:00:00.000Z',
  enrolmentCode: 'K7QP-4MZT-8WXY',
  enrolmentCodeExpiresAt: '2026-12-06T06:00:00.000Z',
};

describe('handoverItems', () => {
  it('lists the temporary password and the enrolment code with their expiry in Japan time', () => {
    expect(handoverItems(BOTH, NOW)).toEqual([
      {
        kind: 'temporaryPassword',
        label: { ja: '仮パスワード', en: 'Temporary password' },
        value: 'q3Vx-temporary-pass',
        expires: {
          ja: '有効期限: 12月6日(日) 15:00(日本時間)',
          en: 'Valid until Sun 6 Dec, 15:00 (Japan time)',
        },
      },
      expect.objectContaining({ kind: 'enrolmentCode', value: 'K7QP-4MZT-8WXY' }),
    ]);
  });

  it('shows only what was issued', () => {
    const codeOnly = { ...BOTH, temporaryPassword: null, temporaryPasswordExpiresAt: null };
    expect(handoverItems(codeOnly, NOW).map((item) => item.kind)).toEqual(['enrolmentCode']);
    const passwordOnly = { ...BOTH, enrolmentCode: null, enrolmentCodeExpiresAt: null };
    expect(handoverItems(passwordOnly, NOW).map((item) => item.kind)).toEqual(['temporaryPassword']);
  });
});

describe('handoverInstructions', () => {
  it('asks for the two to be handed over separately when both were issued', () => {
    const text = handoverInstructions(BOTH)
      .map((line) => line.ja)
      .join('\n');
    expect(text).toContain('相談 花子 さん');
    expect(text).toContain('別々の方法で');
    expect(text).toContain('この画面でしか表示されません');
    expect(
      handoverInstructions(BOTH)
        .map((line) => line.en)
        .join('\n'),
    ).toContain('never both in one e-mail');
  });

  it('says a new enrolment code replaces the earlier one', () => {
    const codeOnly = { ...BOTH, temporaryPassword: null, temporaryPasswordExpiresAt: null };
    const text = handoverInstructions(codeOnly)
      .map((line) => line.ja)
      .join('\n');
    expect(text).toContain('前に発行した登録コードはもう使えません');
    expect(text).not.toContain('別々の方法');
  });
});
