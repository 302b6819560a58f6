import { buildSearchDocument, queryGrams, searchTerms, termGrams, type TSearchSource } from './search';

/**
 * What the database does with the keyed tokens of these strings: each term's grams are all in the
 * document's grams, or the term is one of its whole values.
 */
function matches(source: TSearchSource, query: string): boolean {
  const document = buildSearchDocument(source);
  const grams = new Set(document.grams);
  return searchTerms(query).every(
    (term) => termGrams(term).every((gram) => grams.has(gram)) || document.exact.includes(term),
  );
}

const scamCall: TSearchSource = {
  receiptNumber: 'K7QP-4MZT',
  description: 'ＳＭＳで「未納料金がある」と言われ、詐欺だと思います。０９０ー８７６５ー４３２１から電話',
  notes: ['折り返し電話  済み'],
  identifiers: [{ kind: 'phone', value: '+819011112222', display: '090-1111-2222' }],
  contact: { name: '佐藤 花子', phone: '+819033334444', email: 'Hanako.Sato@Example.jp' },
};

describe('buildSearchDocument', () => {
  it('folds the free text with NFKC and lower case into its distinct characters and bigrams, sorted', () => {
    const document = buildSearchDocument({ description: 'ＳＭＳ　詐欺 SMS' });
    expect(document.grams).toEqual(['s', 'm', 'sm', 'ms', '詐', '欺', '詐欺'].sort());
    expect(document.exact).toEqual([]);
  });

  it('keeps contact details and identifiers as whole values only, phones in every form', () => {
    const { grams, exact } = buildSearchDocument({
      identifiers: scamCall.identifiers,
      contact: scamCall.contact,
    });
    expect(grams).toEqual([]);
    expect(exact).toEqual(
      [
        '佐藤花子',
        '佐藤',
        '花子',
        'hanako.sato@example.jp',
        '+819033334444',
        '819033334444',
        '09033334444',
        '09011112222',
        '+819011112222',
        '819011112222',
      ].sort(),
    );
  });

  it('gives a phone number written in national form its E.164 forms too', () => {
    expect(buildSearchDocument({ contact: { phone: '090-3333-4444' } }).exact).toEqual(
      ['09033334444', '+819033334444', '819033334444'].sort(),
    );
  });

  it('joins digit groups written in the text, keeping the text as written too', () => {
    const { grams } = buildSearchDocument({ description: '０９０ー８７６５' });
    expect(grams).toContain('0ー');
    expect(grams).toContain('08');
  });

  it('counts a character outside the BMP as one character', () => {
    expect(buildSearchDocument({ description: '𠮷野' }).grams).toEqual(['𠮷', '𠮷野', '野'].sort());
  });

  it('is deterministic and empty for an empty source', () => {
    expect(buildSearchDocument(scamCall)).toEqual(buildSearchDocument({ ...scamCall }));
    expect(buildSearchDocument({})).toEqual({ grams: [], exact: [] });
  });
});

describe('searchTerms, termGrams and queryGrams', () => {
  it('splits on whitespace, folds, and joins the digit groups of a phone number', () => {
    expect(searchTerms('  詐欺　０９０-８７６５ ')).toEqual(['詐欺', '0908765']);
    expect(searchTerms('+81 90 8765 4321')).toEqual(['+819087654321']);
    expect(queryGrams('詐欺')).toEqual(['詐欺']);
  });

  it('looks a one-character term up by its character', () => {
    expect(searchTerms('詐')).toEqual(['詐']);
    expect(termGrams('詐')).toEqual(['詐']);
    expect(queryGrams('詐 欺')).toEqual(['欺', '詐']);
  });

  it('caps the number of terms', () => {
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('search matching', () => {
  it.each([
    ['詐欺', true],
    ['詐', true],
    ['8765', true],
    ['090-8765', true],
    ['09087654321', true],
    ['+81 90-8765-4321', false], // written in the text in national form only: its grams are not there
    ['8765-4321', true],
    ['k7qp-4mzt', true],
    ['sms 未納', true],
    ['折り返し', true],
    ['欺詐', false],
    ['1234', false],
    ['詐欺 1234', false],
    // Contact details and identifiers: found by the whole value, in any of its spellings…
    ['hanako.sato@example.jp', true],
    ['ＨＡＮＡＫＯ.SATO@example.jp', true],
    ['090-3333-4444', true],
    ['+81 90 3333 4444', true],
    ['09011112222', true],
    ['佐藤 花子', true],
    ['佐藤花子', true],
    // …never by a part of it.
    ['hanako', false],
    ['example.jp', false],
    ['ha', false],
    ['3333', false],
    ['44', false],
    ['1111-2222', false],
    ['佐', false],
  ])('%s → %s', (query, expected) => {
    expect(matches(scamCall, query)).toBe(expected);
  });

  it('does not match across two parts of the document', () => {
    expect(matches({ description: '詐', notes: ['欺'] }, '詐欺')).toBe(false);
  });

  it('matches a term whose bigrams occur apart (no clear text to confirm it): the rare false positive', () => {
    expect(matches({ description: 'abxbc' }, 'abc')).toBe(true);
  });
});
