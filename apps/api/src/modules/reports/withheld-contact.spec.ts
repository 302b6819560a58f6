import { WITHHELD_MARK, WithheldContact } from './withheld-contact';

const contact = { name: '山田 太郎', phone: '+819011112222', email: 'Taro.Yamada@example.jp' };

describe('WithheldContact', () => {
  it('takes withheld details out of free text however they are written', () => {
    const withheld = new WithheldContact(contact, new Set());
    const text = withheld.scrub(
      '山田太郎さん(山田　太郎)に０９０－１１１１－２２２２、090 1111 2222、+81 90-1111-2222、taro.yamada@EXAMPLE.jp で連絡',
    );
    expect(text).not.toMatch(/山田|太郎|1111|taro/i);
    expect(text.split(WITHHELD_MARK)).toHaveLength(7);
  });

  it('leaves consented details and other numbers alone', () => {
    const withheld = new WithheldContact(
      contact,
      new Set(['contact_name', 'contact_phone', 'contact_email']),
    );
    expect(withheld.scrub('山田太郎 090-1111-2222')).toBe('山田太郎 090-1111-2222');
    expect(new WithheldContact(contact, new Set()).scrub('相手の番号は03-5555-0101')).toBe(
      '相手の番号は03-5555-0101',
    );
  });

  it("recognises the person's own details among the identifiers", () => {
    const withheld = new WithheldContact(contact, new Set(['contact_email']));
    expect(withheld.isWithheld({ kind: 'phone', value: '+819011112222', display: '090-1111-2222' })).toBe(
      true,
    );
    expect(withheld.isWithheld({ kind: 'phone', value: '+81355550101', display: '03-5555-0101' })).toBe(
      false,
    );
    expect(withheld.isWithheld({ kind: 'name', value: '山田太郎', display: '山田太郎' })).toBe(true);
    expect(withheld.isWithheld({ kind: 'email', value: 'taro.yamada@example.jp', display: 'x' })).toBe(false);
  });
});
