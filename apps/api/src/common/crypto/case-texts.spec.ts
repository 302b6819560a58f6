import { randomBytes, randomUUID } from 'node:crypto';
import type { Prisma } from '@madoguchi/db';
import {
  openEventData,
  openIntake,
  openTriageResult,
  sealEventBody,
  sealIntakeTexts,
  sealTriageResult,
  splitEventData,
  splitTriageResult,
} from './case-texts';
import { decryptString, encryptString, type FieldLocation, type Keyring } from './field-cipher';

const keyId = randomUUID();
const keyring: Keyring = { activeId: keyId, keys: new Map([[keyId, randomBytes(32)]]) };
const crypto = {
  encryptString: (plain: string, location: FieldLocation) => encryptString(keyring, plain, location),
  decryptString: async (stored: string, location: FieldLocation) =>
    decryptString(keyring, stored, location).value,
};

describe('splitEventData', () => {
  it('takes the non-empty free text out and leaves the coded keys, nulls and empty strings', () => {
    expect(
      splitEventData({
        from: 'new',
        to: 'closed',
        reason: '本人と確認',
        note: '',
        summary: null,
        ruleIds: ['a'],
      }),
    ).toEqual({
      coded: { from: 'new', to: 'closed', note: '', summary: null, ruleIds: ['a'] },
      texts: { reason: '本人と確認' },
    });
    expect(splitEventData({ from: 'a', to: 'b' })).toEqual({ coded: { from: 'a', to: 'b' }, texts: null });
  });
});

describe('event body', () => {
  it('is sealed to its row and opened back into the data as written', async () => {
    const id = randomUUID();
    const split = splitEventData({ direction: 'in', summary: '電話で聞き取り' });
    const texts = split.texts;
    const coded = split.coded as Prisma.JsonObject;
    const body = sealEventBody(crypto, id, texts)!;
    expect(body).toMatch(/^enc:v1:/);
    expect(body).not.toContain('聞き取り');
    expect(await openEventData(crypto, { id, data: coded, body })).toEqual({
      direction: 'in',
      summary: '電話で聞き取り',
    });
    // Bound to the row: another row's id does not open it.
    await expect(openEventData(crypto, { id: randomUUID(), data: coded, body })).rejects.toThrow(
      /Cannot decrypt case_events\.body/,
    );
    // A row from before the body column keeps its text in data; a clear body (before keys.reencrypt) is read as is.
    expect(await openEventData(crypto, { id, data: { body: '旧' }, body: null })).toEqual({ body: '旧' });
    expect(await openEventData(crypto, { id, data: {}, body: '{"body": "旧"}' })).toEqual({ body: '旧' });
  });
});

describe('intake texts', () => {
  it('encrypts each column once, keeps empty JSON as it is, and opens them in their JSON shape', async () => {
    const caseId = randomUUID();
    const contact = { preferred: 'email', email: 'a@example.jp' };
    const sealed = sealIntakeTexts(crypto, caseId, {
      description: '相談の内容',
      contact,
      identifiers: {},
      raw: { description: '相談の内容', contact },
    });
    expect(sealed.description).toMatch(/^enc:v1:/);
    expect(sealed.contact).toMatch(/^enc:v1:/);
    expect(sealed.raw).toMatch(/^enc:v1:/);
    expect(sealed.identifiers).toBe('{}');
    expect(JSON.stringify(sealed)).not.toContain('example.jp');
    expect(await openIntake(crypto, caseId, sealed)).toEqual({
      description: '相談の内容',
      contact,
      identifiers: {},
      raw: { description: '相談の内容', contact },
    });
    expect(
      sealIntakeTexts(crypto, caseId, { description: 'x', contact: undefined, identifiers: {}, raw: {} }),
    ).toMatchObject({ contact: null, raw: '{}' });
    // Clear values from before encryption (the migration's jsonb::text) read as they are.
    expect(
      await openIntake(crypto, caseId, { description: '旧', contact: '{"name": "旧"}', identifiers: '{}' }),
    ).toEqual({ description: '旧', contact: { name: '旧' }, identifiers: {} });
  });
});

describe('triage result phrases', () => {
  const result = {
    ruleSetVersion: '2026.12.1',
    urgency: 'emergency',
    categories: [
      { code: 'stalking', confidence: 0.9, because: ['「つきまとい」', 'answer: threatened', '「家の前」'] },
      { code: 'fraud', confidence: 0.5, because: ['picked by the person'] },
    ],
    matchedRuleIds: ['r1'],
    signals: [
      { code: 'danger_now', source: 'text', phrase: '今も家の前にいて' },
      { code: 'money_paid', source: 'answer' },
      { code: 'money_paid', source: 'text', phrase: '5万円を振り込み', amountYen: 50_000 },
    ],
    disagreements: [{ code: 'money_paid', answer: 'paid', answered: false, phrase: '振り込みました' }],
    lifeStage: { writer: 'adult', childAffected: true, cues: ['小4の娘'] },
  };

  it('splits the quoted words out, keeping every code, and puts them back where they were', async () => {
    const { coded, phrases } = splitTriageResult(result);
    const text = JSON.stringify(coded);
    for (const quote of ['つきまとい', '家の前', '振り込み', '小4']) {
      expect(text).not.toContain(quote);
    }
    expect(coded).toMatchObject({
      urgency: 'emergency',
      matchedRuleIds: ['r1'],
      categories: [
        { code: 'stalking', confidence: 0.9, because: ['answer: threatened'] },
        { code: 'fraud', because: ['picked by the person'] },
      ],
      signals: [{ code: 'danger_now' }, { code: 'money_paid' }, { code: 'money_paid', amountYen: 50_000 }],
      disagreements: [{ code: 'money_paid', phrase: '' }],
      lifeStage: { writer: 'adult', childAffected: true, cues: [] },
    });
    expect(phrases).toEqual({
      signals: { '0': '今も家の前にいて', '2': '5万円を振り込み' },
      disagreements: { '0': '振り込みました' },
      because: { '0': { '0': '「つきまとい」', '2': '「家の前」' } },
      cues: ['小4の娘'],
    });

    const id = randomUUID();
    const sealed = sealTriageResult(crypto, id, result);
    expect(sealed.phrases).toMatch(/^enc:v1:/);
    expect(sealed.result).toEqual(coded);
    const opened = await openTriageResult(crypto, id, { result: sealed.result, phrases: sealed.phrases });
    expect(opened).toEqual({ result });
    // Bound to its row: another row's id does not open it.
    await expect(
      openTriageResult(crypto, randomUUID(), { result: sealed.result, phrases: sealed.phrases }),
    ).rejects.toThrow();
  });

  it('stores nothing when nothing is quoted, and reads a row from before the column as it is', async () => {
    const plain = { ...result, categories: [], signals: [], disagreements: [], lifeStage: undefined };
    expect(sealTriageResult(crypto, randomUUID(), plain).phrases).toBeNull();
    expect(await openTriageResult(crypto, randomUUID(), { result, phrases: null })).toEqual({ result });
    // Phrases the migration moved, still in clear.
    const { coded, phrases } = splitTriageResult(result);
    expect(
      await openTriageResult(crypto, randomUUID(), {
        result: coded as Prisma.JsonValue,
        phrases: JSON.stringify(phrases),
      }),
    ).toEqual({ result });
  });
});
