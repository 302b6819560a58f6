import { ZIntake } from './intake.schema';
import { extractIdentifiersFromText, normalizeIdentifier, normalizeIntake } from './normalize';

describe('normalizeIdentifier', () => {
  it.each([
    ['090-1234-5678', '+819012345678', '090-1234-5678'],
    ['０９０ー１２３４ー５６７８', '+819012345678', '090-1234-5678'],
    ['(03)3235-1155', '+81332351155', '03-3235-1155'],
    ['+81 3 3446 0999', '+81334460999', '03-3446-0999'],
    ['+1 202 555 0143', '+12025550143', '+1 202 555 0143'],
  ])('phone %s → %s', (raw, value, display) => {
    expect(normalizeIdentifier('phone', raw)).toEqual({ kind: 'phone', value, display });
  });

  it('keeps the digits of numbers that are not full phone numbers (short codes, partial numbers)', () => {
    expect(normalizeIdentifier('phone', '＃９１１０')).toEqual({
      kind: 'phone',
      value: '9110',
      display: '#9110',
    });
    expect(normalizeIdentifier('phone', '188')?.value).toBe('188');
    expect(normalizeIdentifier('phone', 'わからない')).toBeNull();
  });

  it.each([
    ['Example.COM', 'https://example.com'],
    ['https://WWW.Example.com:443/', 'https://www.example.com'],
    ['http://example.com:80/a/b/#section', 'http://example.com/a/b/'],
    ['example.com:8080/login?x=1#top', 'https://example.com:8080/login?x=1'],
    ['ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｊｐ／ｐａｔｈ', 'https://example.jp/path'],
    ['hxxp://evil[.]example/a', 'http://evil.example/a'],
    ['https://例え.jp/', 'https://xn--r8jz45g.jp'],
    ['https://example.com./', 'https://example.com'],
  ])('url %s → %s', (raw, value) => {
    expect(normalizeIdentifier('url', raw)?.value).toBe(value);
  });

  it.each([
    'javascript:alert(1)',
    'mailto:someone@example.com',
    'ftp://example.com',
    'not a url',
    'localhost',
    '',
  ])('rejects %p as a web URL', (raw) => {
    expect(normalizeIdentifier('url', raw)).toBeNull();
  });

  it('derives the domain without a leading www.', () => {
    expect(normalizeIdentifier('domain', 'https://WWW.Shop.Example.co.jp/x')?.value).toBe(
      'shop.example.co.jp',
    );
    expect(normalizeIdentifier('domain', 'www.example.com')?.value).toBe('example.com');
  });

  it('lower-cases only the domain of an e-mail address and folds full-width input', () => {
    expect(normalizeIdentifier('email', 'Taro.Yamada@Example.CO.JP')?.value).toBe(
      'Taro.Yamada@example.co.jp',
    );
    expect(normalizeIdentifier('email', 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ')?.value).toBe('taro@example.jp');
    // Old Japanese carrier addresses break the RFC but are real.
    expect(normalizeIdentifier('email', 'taro..yamada.@docomo.ne.jp')?.value).toBe(
      'taro..yamada.@docomo.ne.jp',
    );
    expect(normalizeIdentifier('email', 'no-at-sign')).toBeNull();
  });

  it('folds bank accounts printed with half-width katakana and full-width digits', () => {
    expect(
      normalizeIdentifier('bank_account', 'ﾐｽﾞﾎ銀行　新宿支店　普通　１２３４－５６７　ｶ)ﾏﾄﾞｸﾞﾁ')?.value,
    ).toBe('ミズホ銀行 新宿支店 普通 1234567 カ)マドグチ');
  });

  it('trims names and collapses spaces, including the full-width space', () => {
    expect(normalizeIdentifier('name', '　山田　　太郎 ')?.value).toBe('山田 太郎');
    expect(normalizeIdentifier('name', '   ')).toBeNull();
  });
});

describe('normalizeIntake', () => {
  const intake = ZIntake.parse({
    description: ' ＳＭＳが届いた\r\nｶｰﾄﾞ会社から ',
    answers: { demandVia: ['sms', 'sms', 'phone'] },
    identifiers: {
      phones: ['090-1234-5678', '０９０１２３４５６７８', '#9110'],
      urls: ['Example.com/', 'not a url'],
      emails: ['A@Example.COM'],
      names: ['株式会社　マドグチ'],
      bankAccounts: ['ﾕｳﾁｮ 12345-678'],
    },
    contact: { preferred: 'email', name: ' 山田　花子 ', email: 'Hanako@Example.JP' },
  });

  it('folds text and canonicalises identifiers, de-duplicating them', () => {
    const normalized = normalizeIntake(intake);
    expect(normalized.description).toBe('SMSが届いた\nカード会社から');
    expect(normalized.answers?.demandVia).toEqual(['sms', 'phone']);
    expect(normalized.identifiers).toEqual({
      phones: ['+819012345678', '9110'],
      urls: ['https://example.com', 'not a url'],
      emails: ['A@example.com'],
      names: ['株式会社 マドグチ'],
      bankAccounts: ['ユウチョ 12345678'],
    });
    expect(normalized.contact).toEqual({ preferred: 'email', name: '山田 花子', email: 'Hanako@example.jp' });
  });

  it('is idempotent and leaves absent fields absent', () => {
    const once = normalizeIntake(intake);
    expect(normalizeIntake(once)).toEqual(once);
    const bare = normalizeIntake(ZIntake.parse({ description: 'x' }));
    expect(Object.keys(bare).sort()).toEqual(['channel', 'description']);
  });
});

describe('extractIdentifiersFromText', () => {
  it('finds e-mails, URLs and phone numbers (full-width too) without mistaking amounts or dates', () => {
    const text =
      '【重要】お客様のアカウントが停止されました。https://amaz0n-login.xyz/verify?id=1 から確認。' +
      '連絡は０９０ー１２３４ー５６７８、またはSupport@Example.CO.JPへ。30000円を11月3日までに払え。' +
      '詳しくはbit.ly/abc12。hxxp://evil[.]example/a も。03(3235)1155';
    expect(extractIdentifiersFromText(text)).toEqual([
      { kind: 'email', value: 'Support@example.co.jp', display: 'Support@example.co.jp' },
      {
        kind: 'url',
        value: 'https://amaz0n-login.xyz/verify?id=1',
        display: 'https://amaz0n-login.xyz/verify?id=1',
      },
      { kind: 'url', value: 'http://evil.example/a', display: 'http://evil.example/a' },
      { kind: 'url', value: 'https://bit.ly/abc12', display: 'https://bit.ly/abc12' },
      { kind: 'phone', value: '+819012345678', display: '090-1234-5678' },
      { kind: 'phone', value: '+81332351155', display: '03-3235-1155' },
    ]);
  });

  it('does not read the digits of a URL as a phone number, and de-duplicates', () => {
    const found = extractIdentifiersFromText(
      'https://example.com/09012345678 と https://example.com/09012345678',
    );
    expect(found).toEqual([
      { kind: 'url', value: 'https://example.com/09012345678', display: 'https://example.com/09012345678' },
    ]);
  });

  it('leaves ordinary words with dots alone', () => {
    expect(extractIdentifiersFromText('Node.jsとVer.2の話。金額は100,000円。')).toEqual([]);
  });
});
