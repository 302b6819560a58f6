import { csvDocument, csvField } from './csv';

describe('csv', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('1行目\n2行目')).toBe('"1行目\n2行目"');
    expect(csvField(null)).toBe('');
    expect(csvField(-3.5)).toBe('-3.5');
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    for (const formula of ['=1+1', '+81', '-2', '@SUM(A1)', '\tx']) {
      expect(csvField(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });

  it('writes a BOM and CRLF line ends', () => {
    const file = csvDocument([
      ['見出し', 1],
      ['値', null],
    ]);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString('utf8')).toBe('\uFEFF見出し,1\r\n値,\r\n');
  });
});
