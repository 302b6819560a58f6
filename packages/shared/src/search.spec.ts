import { buildSearchDocument, escapeLike, queryGrams, searchTerms, type TSearchSource } from './search';

/** What the database does: every bigram of the query is in the document's, and each term occurs. */
function matches(source: TSearchSource, query: string): boolean {
  const document = buildSearchDocument(source);
  const grams = new Set(document.grams);
  return (
    queryGrams(query).every((gram) => grams.has(gram)) &&
    searchTerms(query).every((term) => document.text.includes(term))
  );
}

const scamCall: TSearchSource = {
  receiptNumber: 'K7QP-4MZT',
  description: 'ＳＭＳで「未納料金がある」と言われ、詐欺だと思います。',
  notes: ['折り返し電話  済み'],
  identifiers: [{ kind: 'phone', value: '+819087654321', display: '090-8765-4321' }],
};

describe('buildSearchDocument', () => {
  it('folds the text with NFKC and lower case, and keeps the distinct bigrams sorted', () => {
    const document = buildSearchDocument({ description: 'ＳＭＳ　詐欺 SMS' });
    expect(document.text).toBe('sms 詐欺 sms');
    expect(document.grams).toEqual(['sm', 'ms', '詐欺'].sort());
  });

  it('adds the digits-only forms of a phone identifier (national and E.164)', () => {
    const { text } = buildSearchDocument(scamCall);
    expect(text).toContain('09087654321');
    expect(text).toContain('+819087654321');
    expect(text).toContain('819087654321');
    expect(text).toContain('090-8765-4321');
  });

  it('joins digit groups written in the text, keeping the text as written too', () => {
    const { text } = buildSearchDocument({ description: '０９０ー８７６５ー４３２１から電話' });
    expect(text.split('\n')).toEqual(['090ー8765ー4321から電話', '09087654321から電話']);
  });

  it('counts a character outside the BMP as one character', () => {
    expect(buildSearchDocument({ description: '𠮷野' }).grams).toEqual(['𠮷野']);
  });

  it('is deterministic and empty for an empty source', () => {
    expect(buildSearchDocument(scamCall)).toEqual(buildSearchDocument({ ...scamCall }));
    expect(buildSearchDocument({})).toEqual({ text: '', grams: [] });
  });
});

describe('searchTerms and queryGrams', () => {
  it('splits on whitespace, folds, and joins the digit groups of a phone number', () => {
    expect(searchTerms('  詐欺　０９０-８７６５ ')).toEqual(['詐欺', '0908765']);
    expect(searchTerms('+81 90 8765 4321')).toEqual(['+819087654321']);
    expect(queryGrams('詐欺')).toEqual(['詐欺']);
  });

  it('has no bigrams for one-character terms (they are matched by LIKE only)', () => {
    expect(searchTerms('詐')).toEqual(['詐']);
    expect(queryGrams('詐')).toEqual([]);
  });

  it('caps the number of terms', () => {
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('search matching', () => {
  it.each([
    ['詐欺', true],
    ['8765', true],
    ['090-8765', true],
    ['09087654321', true],
    ['+81 90-8765-4321', true],
    ['8765-4321', true],
    ['k7qp-4mzt', true],
    ['sms 未納', true],
    ['折り返し', true],
    ['欺詐', false],
    ['1234', false],
    ['詐欺 1234', false],
  ])('%s → %s', (query, expected) => {
    expect(matches(scamCall, query)).toBe(expected);
  });

  it('does not match across two parts of the document', () => {
    expect(matches({ description: '詐', notes: ['欺'] }, '詐欺')).toBe(false);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE metacharacters and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});
