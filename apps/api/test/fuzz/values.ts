import fc from 'fast-check';

/*
 * Hostile values for the fuzz battery: what broken clients, bad pastes and attackers send. Each list is small
 * and named so a counterexample reads as what it is; the generators mix them with random text.
 */

/** UTF-16 halves without their pair: valid in a JSON string ("\ud800"), unstorable in PostgreSQL. */
export const LONE_SURROGATES = [
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '詐欺\udfff',
];

export const CONTROL_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000b',
  '\f',
  '\u001b',
  '\u001f',
  '\u007f',
];

/** Characters that are legal but trip naive code: separators, bidi overrides, BOM, non-characters. */
export const ODD_CHARACTERS = [
  '\t',
  '\n',
  '\r\n',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u3000',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\u{1f600}',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}',
  'e\u0301',
  '\u{10ffff}',
];

/** NFKC grows these: one character in, up to 18 out (the length cap runs before normalisation). */
export const NFKC_EXPANDING = ['\ufdfa', '\u3392', '\u337b', '\uff8a\uff9f', '\u2474', '\ufb03'];

/** Years 0, -1, 9999 and 275760 (the end of ECMAScript time), impossible days, leap seconds, odd forms. */
export const EXTREME_DATES = [
  '0000-01-01',
  '0000-00-00',
  '-000001-01-01T00:00:00Z',
  '-0001-01-01',
  '0099-12-31',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-04-31',
  '2024-00-10',
  '2016-12-31T23:59:60Z',
  '1998-12-31T23:59:60+09:00',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:00+25:00',
  '2038-01-19T03:14:08Z',
  '9999-12-31',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '275760-09-13',
  '+999999-12-31',
  '２０２４-０１-０１',
  '2024-1-1',
  '20240101',
  'Invalid Date',
  '2024-01-01T00:00:00.0000000001Z',
];

/** Strings that mean something to a parser, a database, a template or a prototype chain. */
export const SPECIAL_STRINGS = [
  '',
  ' ',
  '   \t\n ',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'; DROP TABLE cases; --",
  '%',
  '_',
  '\\',
  '\\%_',
  '%00',
  '%ED%A0%80',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '$where',
  'a@b',
  'admin@madoguchi.local',
  '+81',
  '090-1234-5678',
  '0120-000-000',
  '＋８１　９０　１２３４　５６７８',
  'https://example.com/' + 'a'.repeat(300),
  'javascript:alert(1)',
  'ABCD-EFGH',
  '2345-6789',
  'ABCDE-FGHJK',
  '000000',
  '123456',
];

/** Lengths at and just past the caps the schemas declare (30, 40, 100, 200, 254, 256, 5000) and past 64 KB. */
const EDGE_LENGTHS = [1, 30, 31, 40, 41, 100, 101, 200, 201, 254, 255, 256, 257, 5000, 5001, 20_000, 70_000];

const oneChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES, ...CONTROL_CHARACTERS, ...ODD_CHARACTERS) },
  { weight: 1, arbitrary: fc.constantFrom(...NFKC_EXPANDING) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
);

/** Text mixing ordinary characters with every kind of hostile one. */
export const nastyText = fc.string({ unit: oneChar, maxLength: 40 });

/** A long string: one character repeated to a cap or far past it. */
export const hugeText = fc
  .record({
    char: fc.oneof(fc.constant('a'), fc.constant('あ'), oneChar),
    length: fc.constantFrom(...EDGE_LENGTHS),
  })
  .map(({ char, length }) => char.repeat(length));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nastyText },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...EXTREME_DATES) },
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROL_CHARACTERS) },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

/** JSON numbers a schema may not expect: huge, negative, fractional, past 2^53, denormal. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    -0.5,
    120,
    121,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
    1e-7,
    10_000_000_000,
    10_000_000_001,
    8.64e15,
    8.64e15 + 1,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Keys that reach prototypes, shadow real fields or are not keys anyone expects. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
    ' ',
    '\u0000',
    '\ud800',
    'description ',
    'DESCRIPTION',
    'a.b',
    '0',
    '$where',
    'x'.repeat(1000),
  ),
  nastyText,
);

/** Sets `key` as an own, enumerable property even when it is `__proto__`, so JSON.stringify sends it. */
export function withKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** Arrays or objects nested `depth` times around a leaf (kept shallow enough for JSON.stringify). */
export function nest(depth: number, leaf: unknown, kind: 'array' | 'object'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) {
    value = kind === 'array' ? [value] : { a: value };
  }
  return value;
}

/** Any JSON value, with the hostile leaves above, small containers, nasty keys and some nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: nastyString },
    { weight: 3, arbitrary: nastyNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(nastyKey, tie('value')), { maxLength: 4 })
        .map((entries) => entries.reduce<object>((obj, [k, v]) => withKey(obj, k, v), {})),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ depth: fc.integer({ min: 10, max: 400 }), kind: fc.constantFrom('array', 'object') })
        .map(({ depth, kind }) => nest(depth, 1, kind as 'array' | 'object')),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          length: fc.constantFrom(21, 100, 1000, 10_000),
          item: fc.constantFrom<unknown>('x', 1, null, {}),
        })
        .map(({ length, item }) => Array.from({ length }, () => item)),
    },
  ),
})).value;
