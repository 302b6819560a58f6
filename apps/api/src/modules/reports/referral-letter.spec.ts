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
    // Addressed to the organisation behind 188, not the routing number; the window is still named below.
    expect(text).toContain('最寄りの消費生活センター 御中');
    expect(text).not.toContain('188 御中');
    expect(text).toContain('消費者ホットライン188');
    // The counselor's request goes out with every letter.
    expect(text).toContain('ご依頼事項');
    expect(text).toContain('助言を受けてもらいたい');
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
    // With the prefecture agreed, the local centre is named.
    expect(text).toContain('東京都内の消費生活センター 御中');
    expect(text).not.toContain('山田');
  });

  it('leaves a consented field out of the record when there was nothing to print', () => {
    const empty = { ...source(['summary', 'actions_taken']), actions: [] };
    empty.case = { ...empty.case, summary: null };
    // No summary and an empty timeline: nothing of either was disclosed (the request is printed regardless).
    expect(buildReferralLetter(empty).fields).toEqual([]);
  });

  it('addresses police windows to the prefectural police when the prefecture may be shared', () => {
    const police = { ...source(['prefecture']), window: seedWindow('police-cyber') };
    expect(JSON.stringify(buildReferralLetter(police).model.blocks)).toContain(
      '警視庁 サイバー犯罪相談窓口 御中',
    );
    const osaka = { ...police, case: { ...police.case, prefecture: '27' } };
    expect(JSON.stringify(buildReferralLetter(osaka).model.blocks)).toContain(
      '大阪府警察 サイバー犯罪相談窓口 御中',
    );
    const unknown = { ...police, case: { ...police.case, prefecture: null } };
    const built = buildReferralLetter(unknown);
    expect(JSON.stringify(built.model.blocks)).toContain('都道府県警察 サイバー犯罪相談窓口 御中');
    expect(built.fields).toEqual([]);
    const kokusen = JSON.stringify(
      buildReferralLetter({ ...source([]), window: seedWindow('kokusen') }).model.blocks,
    );
    expect(kokusen).toContain('独立行政法人国民生活センター 御中');
  });

  it('lists what passed between the desk and the person, never a status change or a reply quoted', () => {
    const at = new Date('2026-03-30T01:00:00Z');
    const built = buildReferralLetter({
      ...source(['actions_taken']),
      actions: [
        { kind: 'contact', at, direction: 'out', channel: 'phone', summary: '山田太郎さんに折り返した' },
        { kind: 'desk_message', at, body: '188への相談をお勧めします。' },
        { kind: 'person_reply', at },
      ],
    });
    const text = JSON.stringify(built.model.blocks);
    expect(text).toContain('これまでのご本人とのやりとり');
    expect(text).toContain('電話相談者へ: 〇〇さんに折り返した');
    expect(text).toContain('相談者へメッセージ(ウェブ): 188への相談をお勧めします。');
    expect(text).toContain('相談者から返信(ウェブ)');
    expect(text).not.toContain('対応状況');
    expect(built.fields).toEqual(['actions_taken']);
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
