import { randomBytes, randomUUID } from 'node:crypto';
import type { Prisma } from '@madoguchi/db';
import { openEventData, openIntake, sealEventBody, sealIntakeTexts, splitEventData } from './case-texts';
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
