import { EXCERPT_LENGTH, EXCERPT_MASKS, EXCERPT_SOURCE_LENGTH, queueExcerpt } from './excerpt';

/** What `left(description, EXCERPT_SOURCE_LENGTH + 1)` hands the API. */
const head = (description: string) =>
  Array.from(description)
    .slice(0, EXCERPT_SOURCE_LENGTH + 1)
    .join('');

describe('queueExcerpt', () => {
  it('keeps a short description whole, on one line, without an ellipsis', () => {
    expect(queueExcerpt('ＳＭＳが届きました。\n\n  リンクを押してしまいました。\t')).toBe(
      'SMSが届きました。 リンクを押してしまいました。',
    );
  });

  it('cuts a long one at 60 characters and adds an ellipsis', () => {
    const description = 'あ'.repeat(59) + 'いうえお';
    const excerpt = queueExcerpt(description)!;
    expect(excerpt).toBe(`${'あ'.repeat(59)}い…`);
    expect(Array.from(excerpt.slice(0, -1))).toHaveLength(EXCERPT_LENGTH);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const excerpt = queueExcerpt('😢'.repeat(70))!;
    expect(excerpt).toBe(`${'😢'.repeat(60)}…`);
  });

  it('removes control and invisible characters (escape sequences, bidi overrides, zero-width space)', () => {
    expect(queueExcerpt('請求\u0000が\u001b[31m来た\u202Eたっ\u200Bかわ\u0085')).toBe(
      '請求が[31m来たたっかわ',
    );
    expect(queueExcerpt('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('masks e-mail addresses and phone numbers, written any way', () => {
    expect(queueExcerpt('taro.yamada@docomo.ne.jp から連絡、090-1234-5678 に電話してと言われた')).toBe(
      `${EXCERPT_MASKS.email} から連絡、${EXCERPT_MASKS.phone} に電話してと言われた`,
    );
    expect(queueExcerpt('０９０ー１２３４ー５６７８と０３(１２３４)５６７８から着信')).toBe(
      `${EXCERPT_MASKS.phone}と${EXCERPT_MASKS.phone}から着信`,
    );
    expect(queueExcerpt('+81 90 1234 5678')).toBe(EXCERPT_MASKS.phone);
    // The shortest numbers there are (Niue: 4 digits after its country code) are still found.
    expect(queueExcerpt('連絡先 +683 7002 です')).toBe(`連絡先 ${EXCERPT_MASKS.phone} です`);
  });

  it('masks other long numbers (accounts, cards) but leaves amounts and dates alone', () => {
    expect(queueExcerpt('カード 4980 1234 5678 9012 を入力。30000円を12月4日に払った')).toBe(
      `カード ${EXCERPT_MASKS.number} を入力。30000円を12月4日に払った`,
    );
  });

  it('never cuts a mask in half: it is left out whole with an ellipsis', () => {
    const excerpt = queueExcerpt(`${'あ'.repeat(56)}090-1234-5678`)!;
    expect(excerpt).toBe(`${'あ'.repeat(56)}…`);
  });

  it('drops what the read cut through: part of an address or a number is not recognised, so not shown', () => {
    const spaces = ' \n'.repeat(80);
    // The description goes on past what was read, through a phone number and an address.
    for (const tail of ['連絡は090 1234 5678まで', '連絡は taro.yamada@example.com まで']) {
      const description = `${spaces}${tail}`;
      for (let cut = 163; cut < description.length; cut++) {
        const excerpt = queueExcerpt(head(`${description.slice(0, cut)}${'x'.repeat(300)}`))!;
        expect(excerpt).toMatch(/^連絡は/);
        expect(excerpt).not.toMatch(/\d{3}|@|taro|yamada|example/);
        expect(excerpt.endsWith('…')).toBe(true);
      }
    }
  });

  it('marks a description that went on past the read, even when what is left is short', () => {
    expect(queueExcerpt(head(`詐欺${' '.repeat(300)}続き`))).toBe('詐欺…');
  });

  it('is null when nothing is left to show', () => {
    expect(queueExcerpt('')).toBeNull();
    expect(queueExcerpt(' \n\u200B\u0007 ')).toBeNull();
  });
});
