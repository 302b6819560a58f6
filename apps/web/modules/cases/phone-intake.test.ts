import { ZCaseCreate } from '@madoguchi/shared';

import { phoneIntakeFromForm } from './phone-intake';

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) {
    data.append(key, value);
  }
  return data;
}

describe('phoneIntakeFromForm', () => {
  it('builds a valid phone intake from what a counselor typed', () => {
    const body = phoneIntakeFromForm(
      form([
        ['channel', 'phone'],
        ['description', '  宅配業者を名乗るSMSのリンクからカード番号を入れてしまった  '],
        ['category', 'phishing'],
        ['answers.personalInfoGiven', 'yes'],
        ['answers.paid', 'no'],
        ['answers.threatened', ''],
        ['answers.amountRequestedYen', '１２,０００円'],
        ['answers.demandVia', 'sms'],
        ['person.age', '７２'],
        ['person.prefecture', '13'],
        ['identifiers.urls', 'https://example.test/a\n\n  https://example.test/b '],
        ['contact.preferred', 'phone'],
        ['contact.phone', '090-1234-5678'],
        ['consentToShare', 'on'],
      ]),
    );
    expect(body).toEqual({
      channel: 'phone',
      description: '宅配業者を名乗るSMSのリンクからカード番号を入れてしまった',
      category: 'phishing',
      answers: { personalInfoGiven: true, paid: false, amountRequestedYen: 12000, demandVia: ['sms'] },
      person: { age: 72, prefecture: '13' },
      identifiers: { urls: ['https://example.test/a', 'https://example.test/b'] },
      contact: { preferred: 'phone', phone: '090-1234-5678' },
      consentToShare: true,
    });
    expect(ZCaseCreate.safeParse(body).success).toBe(true);
  });

  it('records a parent calling about a child as two blocks: the caller, and the child’s age', () => {
    const body = phoneIntakeFromForm(
      form([
        ['description', '娘がSNSで悪口を書かれている'],
        ['caller.relation', 'guardian'],
        ['person.age', '12'],
        ['contact.preferred', 'phone'],
        ['contact.name', '山田'],
        ['contact.phone', '090-1234-5678'],
      ]),
    );
    expect(body).toMatchObject({
      caller: { relation: 'guardian' },
      person: { age: 12 },
      contact: { preferred: 'phone', name: '山田', phone: '090-1234-5678' },
    });
    expect(ZCaseCreate.safeParse(body).success).toBe(true);
  });

  it('leaves out what was not asked, so only the description is required', () => {
    const body = phoneIntakeFromForm(
      form([
        ['description', '請求の電話が来た'],
        ['contact.preferred', 'none'],
      ]),
    );
    expect(body).toEqual({ channel: 'phone', description: '請求の電話が来た' });
    expect(ZCaseCreate.safeParse(body).success).toBe(true);
  });

  it('keeps text that is not a number so the schema can point at the field', () => {
    const body = phoneIntakeFromForm(
      form([
        ['description', 'x'],
        ['person.age', '七十'],
      ]),
    );
    const parsed = ZCaseCreate.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['person', 'age']);
  });

  it('reports a missing description and a chosen phone contact without a number', () => {
    const parsed = ZCaseCreate.safeParse(phoneIntakeFromForm(form([['contact.preferred', 'phone']])));
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['description', 'contact.phone']),
    );
  });
});
