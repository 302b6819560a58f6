import { type TIntake, type TIntakeInput, ZIntake, ZIntakeDraft } from './intake.schema';

const minimal = { description: 'アダルトサイトで登録完了と出た' } satisfies TIntakeInput;

const full = {
  channel: 'phone',
  description: '退会料を払えとSMSが来た。\n電話もあった。\tどうすれば?',
  category: 'fictitious_billing',
  answers: {
    paid: false,
    amountRequestedYen: 99_800,
    amountPaidYen: 0,
    personalInfoGiven: false,
    contactedOtherParty: true,
    installedSoftware: false,
    billingScreenPersists: false,
    courtPapersReceived: false,
    threatened: false,
    inDangerNow: false,
    stalked: false,
    demandVia: ['sms', 'phone'],
  },
  person: { age: 34, prefecture: '13' },
  identifiers: {
    phones: ['03-1234-5678'],
    urls: ['https://example.com'],
    emails: ['a@example.com'],
    names: ['株式会社サンプル'],
    bankAccounts: ['みずほ銀行 1234567'],
  },
  contact: { preferred: 'phone', name: '山田', phone: '090-1234-5678' },
  consentToShare: true,
} satisfies TIntakeInput;

const issuePaths = (input: unknown) =>
  ZIntake.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('ZIntake', () => {
  it('accepts a description alone and defaults the channel to web', () => {
    expect(ZIntake.parse(minimal)).toEqual({ channel: 'web', description: minimal.description });
  });

  it('accepts every field', () => {
    const parsed: TIntake = ZIntake.parse(full);
    expect(parsed).toEqual(full);
  });

  it('trims the description and requires 1–5000 characters after trimming', () => {
    expect(ZIntake.parse({ description: '  助けて  ' }).description).toBe('助けて');
    expect(issuePaths({ description: '   \n ' })).toEqual(['description']);
    expect(issuePaths({})).toEqual(['description']);
    expect(issuePaths({ description: 'あ'.repeat(5000) })).toEqual([]);
    expect(issuePaths({ description: 'あ'.repeat(5001) })).toEqual(['description']);
    expect(issuePaths({ description: ` ${'あ'.repeat(5000)} ` })).toEqual([]);
  });

  it('rejects ASCII control characters other than tab and line breaks', () => {
    expect(issuePaths({ description: 'a\tb\r\nc' })).toEqual([]);
    expect(issuePaths({ description: 'a\u0000b' })).toEqual(['description']);
    expect(issuePaths({ description: 'a\u001bb' })).toEqual(['description']);
    expect(issuePaths({ description: 'a\u007fb' })).toEqual(['description']);
    expect(issuePaths({ ...minimal, identifiers: { names: ['x\u0007'] } })).toEqual(['identifiers.names.0']);
  });

  it('rejects unknown fields at every level', () => {
    expect(issuePaths({ ...minimal, extra: 1 })).toEqual(['']);
    expect(issuePaths({ ...minimal, answers: { paidd: true } })).toEqual(['answers']);
    expect(issuePaths({ ...minimal, person: { gender: 'f' } })).toEqual(['person']);
    expect(issuePaths({ ...minimal, identifiers: { phone: [] } })).toEqual(['identifiers']);
    expect(issuePaths({ ...minimal, contact: { preferred: 'none', fax: '1' } })).toEqual(['contact']);
  });

  it('checks amounts, ages and prefectures', () => {
    expect(issuePaths({ ...minimal, answers: { amountPaidYen: -1 } })).toEqual(['answers.amountPaidYen']);
    expect(issuePaths({ ...minimal, answers: { amountPaidYen: 1.5 } })).toEqual(['answers.amountPaidYen']);
    expect(issuePaths({ ...minimal, answers: { amountRequestedYen: 10_000_000_000 } })).toEqual([]);
    expect(issuePaths({ ...minimal, answers: { amountRequestedYen: 10_000_000_001 } })).toEqual([
      'answers.amountRequestedYen',
    ]);
    expect(issuePaths({ ...minimal, answers: { amountRequestedYen: '1000' } })).toEqual([
      'answers.amountRequestedYen',
    ]);
    expect(issuePaths({ ...minimal, person: { age: 121 } })).toEqual(['person.age']);
    expect(issuePaths({ ...minimal, person: { age: 0, prefecture: '47' } })).toEqual([]);
    expect(issuePaths({ ...minimal, person: { prefecture: '48' } })).toEqual(['person.prefecture']);
    expect(issuePaths({ ...minimal, person: { prefecture: 13 } })).toEqual(['person.prefecture']);
    expect(issuePaths({ ...minimal, answers: { demandVia: ['fax'] } })).toEqual(['answers.demandVia.0']);
  });

  it('limits identifiers to 20 items of 200 characters, none empty', () => {
    expect(issuePaths({ ...minimal, identifiers: { urls: Array(20).fill('x') } })).toEqual([]);
    expect(issuePaths({ ...minimal, identifiers: { urls: Array(21).fill('x') } })).toEqual([
      'identifiers.urls',
    ]);
    expect(issuePaths({ ...minimal, identifiers: { names: ['x'.repeat(201)] } })).toEqual([
      'identifiers.names.0',
    ]);
    expect(issuePaths({ ...minimal, identifiers: { emails: ['  '] } })).toEqual(['identifiers.emails.0']);
  });

  it('requires the chosen contact method', () => {
    expect(issuePaths({ ...minimal, contact: { preferred: 'none' } })).toEqual([]);
    expect(issuePaths({ ...minimal, contact: { preferred: 'phone' } })).toEqual(['contact.phone']);
    expect(issuePaths({ ...minimal, contact: { preferred: 'phone', phone: '  ' } })).toEqual([
      'contact.phone',
    ]);
    expect(issuePaths({ ...minimal, contact: { preferred: 'phone', phone: '12' } })).toEqual([
      'contact.phone',
    ]);
    expect(
      issuePaths({ ...minimal, contact: { preferred: 'phone', phone: '０９０-１２３４-５６７８' } }),
    ).toEqual([]);
    expect(issuePaths({ ...minimal, contact: { preferred: 'email' } })).toEqual(['contact.email']);
    expect(issuePaths({ ...minimal, contact: { preferred: 'email', email: 'not-an-email' } })).toEqual([
      'contact.email',
    ]);
    expect(
      issuePaths({
        ...minimal,
        contact: { preferred: 'email', email: 'ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ' },
      }),
    ).toEqual([]);
    expect(issuePaths({ ...minimal, contact: { preferred: 'none', email: 'bad' } })).toEqual([
      'contact.email',
    ]);
    expect(issuePaths({ ...minimal, contact: {} })).toEqual(['contact.preferred']);
  });
});

describe('ZIntakeDraft', () => {
  it('accepts an empty or missing description so the preview can run while typing', () => {
    expect(ZIntakeDraft.parse({})).toEqual({ channel: 'web', description: '' });
    expect(ZIntakeDraft.parse({ description: '   ' }).description).toBe('');
  });

  it('does not yet insist on the contact detail, but still checks what was typed', () => {
    expect(ZIntakeDraft.safeParse({ contact: { preferred: 'phone' } }).success).toBe(true);
    expect(ZIntakeDraft.safeParse({ contact: { preferred: 'email', email: 'bad' } }).success).toBe(false);
  });

  it('still rejects unknown fields and control characters', () => {
    expect(ZIntakeDraft.safeParse({ extra: true }).success).toBe(false);
    expect(ZIntakeDraft.safeParse({ description: '\u0000' }).success).toBe(false);
  });

  it('produces something triage can take as an intake', () => {
    const draft = ZIntakeDraft.parse({ description: '' });
    const asIntake: TIntake = draft;
    expect(asIntake.description).toBe('');
  });
});
