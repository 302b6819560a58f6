import { categoriesNamedBy, receiptNumberSpelledBy } from './queue-search';
import { searchTerms } from './search';

/** As the API sees a term: normalised by searchTerms first. */
const named = (query: string) => categoriesNamedBy(searchTerms(query)[0]!);

describe('categoriesNamedBy', () => {
  it.each([
    ['架空請求', ['fictitious_billing']],
    ['いじめ', ['child_bullying']],
    ['ネットいじめ', ['child_bullying']],
    ['ワンクリック詐欺', ['fictitious_billing']],
    ['架空請求・ワンクリック詐欺', ['fictitious_billing']],
    ['フィッシング', ['phishing']],
    ['ﾌｨｯｼﾝｸﾞ', ['phishing']],
    ['脅迫', ['sns_threat_stalking']],
    ['ストーカー', ['sns_threat_stalking']],
    ['出会い系', ['dating_site_fraud']],
    ['裁判所', ['court_notice']],
    ['phishing', ['phishing']],
    ['Phish', ['phishing']],
    ['ＰＨＩＳＨＩＮＧ', ['phishing']],
    ['bullying', ['child_bullying']],
    ['one-click', ['fictitious_billing']],
    ['malware', ['malware_unauthorized_access']],
    ['fraud', ['online_fraud', 'fictitious_billing', 'dating_site_fraud']],
  ])('%s names %j', (term, codes) => {
    expect(named(term)).toEqual(codes);
  });

  it.each([
    // Two characters of a label are in most descriptions: 詐欺 stays a text search.
    '詐欺',
    '請求',
    '通販',
    // Grammar and fragments inside words are not names.
    'から',
    'ない',
    'ing',
    'ph',
    'from',
    'not',
    // Nothing to do with a label.
    '振り込め',
    '090',
    'k7qp4mzt',
  ])('%s names no category', (term) => {
    expect(named(term)).toEqual([]);
  });
});

describe('receiptNumberSpelledBy', () => {
  it('reads a receipt number typed without its hyphen, in any case, full-width or with another dash', () => {
    for (const query of ['K7QP4MZT', 'k7qp4mzt', 'Ｋ７ＱＰ４ＭＺＴ', 'K7QPー4MZT', 'k7qp‐4mzt']) {
      expect(receiptNumberSpelledBy(searchTerms(query)[0]!)).toBe('k7qp-4mzt');
    }
  });

  it('is null for a receipt number already written as in the search documents, and for anything else', () => {
    expect(receiptNumberSpelledBy('k7qp-4mzt')).toBeNull();
    expect(receiptNumberSpelledBy(searchTerms('ｋ７ｑｐ－４ｍｚｔ')[0]!)).toBeNull();
    // 0, O, 1 and I are never issued; nor are 7 or 9 characters.
    for (const term of ['k7qp4mz0', 'k7qp4mz', 'k7qp4mztx', '詐欺', '09012345']) {
      expect(receiptNumberSpelledBy(term)).toBeNull();
    }
  });
});
