import type { TDisclosureField } from '@madoguchi/shared';
import { seedWindow } from '../../../../../packages/shared/src/testing/seed-windows';
import { buildReferralLetter, type LetterSource } from './referral-letter';

const NOTE_LIKE = '夫には知られたくない';

function source(fields: TDisclosureField[]): LetterSource {
  return {
    now: new Date('2026-04-01T01:00:00Z'),
    centre: { name: '相談窓口', phone: '03-0000-0000', address: '横浜市中区', email: 'desk@example.jp' },
    referral: {
      referralNumber: 'R-2026-ABCDEF',
      reason: '助言を受けてもらいたい',
      consent: { givenBy: 'client', givenAt: '2026-03-31T01:00:00Z', recordedById: 'u1', fields },
    },
    window: seedWindow('consumer-188'),
    counselorName: '佐藤花子',
    case: {
      summary: '架空請求',
      confirmedCategories: [],
      suggestedCategories: ['fictitious_billing', 'phishing'],
      personAge: 34,
      prefecture: '13',
    },
    // Loaded as if by a careless caller: the builder must still print only what the consent names.
    description: `私は山田太郎です。${NOTE_LIKE}`,
    contact: { name: '山田太郎', phone: '+819011112222', email: 'taro@example.jp' },
    identifiers: [{ kind: 'url', value: 'https://fake.example.com/', display: 'https://fake.example.com/' }],
    actions: [{ kind: 'contact', at: new Date(), direction: 'out', channel: 'phone', summary: '折り返した' }],
  };
}

const textOf = (fields: TDisclosureField[]) => {
  const built = buildReferralLetter(source(fields));
  return { text: JSON.stringify(built.model.blocks), fields: built.fields };
};

describe('buildReferralLetter', () => {
  it('prints nothing the consent does not name, whatever it was given', () => {
    const { text, fields } = textOf([]);
    expect(fields).toEqual([]);
    for (const withheld of [
      '架空請求',
      '助言を受けて',
      '34歳',
      '東京都',
      '山田',
      '9011112222',
      'taro@',
      'fake.example',
      '折り返した',
      NOTE_LIKE,
    ]) {
      expect(text).not.toContain(withheld);
    }
    expect(text).toContain('R-2026-ABCDEF');
    expect(text).toContain('消費者ホットライン188');
  });

  it('prints each consented field and reports exactly those as disclosed', () => {
    const { text, fields } = textOf(['categories', 'age', 'prefecture', 'identifiers', 'contact_email']);
    expect(fields).toEqual(['categories', 'age', 'prefecture', 'identifiers', 'contact_email']);
    // Unconfirmed categories: triage's first suggestion only.
    expect(text).toContain('架空請求・ワンクリック詐欺');
    expect(text).not.toContain('フィッシング');
    for (const shown of ['34歳', '東京都', 'https://fake.example.com/', 'taro@example.jp']) {
      expect(text).toContain(shown);
    }
    expect(text).not.toContain('山田');
  });

  it('leaves a consented field out of the record when there was nothing to print', () => {
    const empty = { ...source(['summary', 'actions_taken']), actions: [] };
    empty.case = { ...empty.case, summary: null };
    // The reason still goes out under the summary; the empty timeline does not count as disclosed.
    expect(buildReferralLetter(empty).fields).toEqual(['summary']);
  });

  it("prints the window's partner link as its URL and a QR code, with its expiry, only when there is one", () => {
    const url = `https://madoguchi.example.jp/p/${'x'.repeat(43)}`;
    const built = buildReferralLetter({
      ...source(['summary']),
      partnerLink: { url, expiresAt: new Date('2026-05-01T03:00:00Z') },
    });
    expect(built.model.blocks).toContainEqual({ kind: 'qr', text: url });
    const text = JSON.stringify(built.model.blocks);
    expect(text).toContain('受付・対応結果のご連絡のお願い');
    expect(text).toContain('2026年5月1日');
    // The link is not a disclosure of the person's data.
    expect(built.fields).toEqual(['summary']);

    const without = JSON.stringify(buildReferralLetter(source(['summary'])).model.blocks);
    expect(without).not.toContain('/p/');
    expect(without).not.toContain('"qr"');
  });
});
