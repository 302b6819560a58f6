import {
  checkRegistryRow,
  normalizeRegistryValue,
  parseRegistryKind,
  registryCsvColumn,
  ZRegistryImportQuery,
} from './registry-api.schema';

describe('registry values', () => {
  it('stores phone numbers in E.164 however they were written', () => {
    expect(normalizeRegistryValue('phone', '０３－１２３４－５６７８')).toMatchObject({
      ok: true,
      identifier: { value: '+81312345678' },
    });
  });

  it('refuses fragments and text that is not a number of the kind', () => {
    expect(normalizeRegistryValue('phone', '12')).toMatchObject({ ok: false, reason: 'unparsable_value' });
    expect(normalizeRegistryValue('phone', 'でんわ')).toMatchObject({
      ok: false,
      reason: 'unparsable_value',
    });
    expect(normalizeRegistryValue('url', 'not a url')).toMatchObject({
      ok: false,
      reason: 'unparsable_value',
    });
    expect(normalizeRegistryValue('email', 'no-at-sign')).toMatchObject({
      ok: false,
      reason: 'unparsable_value',
    });
    expect(normalizeRegistryValue('name', '  ')).toMatchObject({ ok: false, reason: 'empty_value' });
  });
});

describe('registry CSV rows', () => {
  it('reads kinds and headers written in English or Japanese', () => {
    expect(parseRegistryKind(' 電話番号 ')).toBe('phone');
    expect(parseRegistryKind('PHONE')).toBe('phone');
    expect(parseRegistryKind('fax')).toBeNull();
    expect(['種別', '値', '出典', '備考', 'Kind', 'other'].map(registryCsvColumn)).toEqual([
      'kind',
      'value',
      'source',
      'note',
      'kind',
      null,
    ]);
  });

  it('turns a row into an entry, filling an empty source from the default', () => {
    expect(
      checkRegistryRow({ kind: 'domain', value: 'https://WWW.Example.com/x', note: '' }, '警察庁'),
    ).toEqual({
      ok: true,
      entry: {
        kind: 'domain',
        value: 'example.com',
        display: 'example.com',
        source: '警察庁',
        note: null,
      },
    });
  });

  it('gives a reason in both languages for each bad row', () => {
    const bad = checkRegistryRow({ kind: 'fax', value: '0312345678', source: 'x' });
    expect(bad).toMatchObject({
      ok: false,
      reason: 'bad_kind',
      message: { ja: expect.stringContaining('fax') },
    });
    expect(checkRegistryRow({ kind: 'phone', value: '', source: 'x' })).toMatchObject({
      reason: 'empty_value',
    });
    expect(checkRegistryRow({ kind: 'phone', value: '0312345678' })).toMatchObject({
      reason: 'missing_source',
    });
  });

  it('treats an import without dryRun as a dry run', () => {
    expect(ZRegistryImportQuery.parse({})).toEqual({});
    expect(ZRegistryImportQuery.parse({ dryRun: 'false' })).toEqual({ dryRun: false });
  });
});
