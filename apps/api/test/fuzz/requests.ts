import fc from 'fast-check';
import {
  CONTROL_CHARACTERS,
  EXTREME_DATES,
  LONE_SURROGATES,
  nastyKey,
  nastyString,
  nastyValue,
  SPECIAL_STRINGS,
  withKey,
} from './values';

/*
 * One fuzz case: method, path and query, content type, extra headers and a body in one of four forms.
 * Bodies stay structured (not serialised) inside the arbitrary so fast-check can shrink a failure to
 * the smallest body that still fails; `toInject` serialises it at the last moment.
 */

export type FuzzBody =
  | { kind: 'none' }
  /** Serialised with JSON.stringify: lone surrogates go out as "\ud800" escapes. */
  | { kind: 'json'; value: unknown }
  /** Sent as written: invalid JSON, NaN, comments, deep nesting too deep to stringify… */
  | { kind: 'text'; text: string }
  /** Raw bytes: invalid UTF-8, a surrogate encoded as UTF-8 (ED A0 80) inside a JSON string. */
  | { kind: 'bytes'; bytes: number[] };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type FuzzRequest = {
  method: HttpMethod;
  path: string;
  /** Already encoded, with its leading '?', or ''. */
  query: string;
  /** null: no content-type header at all. */
  contentType: string | null;
  headers: Record<string, string>;
  body: FuzzBody;
};

export type InjectOptions = {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
};

function serialise(body: FuzzBody): string | Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      // undefined (a function, a bare undefined) is sent as an empty body, which is a case of its own.
      return JSON.stringify(body.value) ?? '';
    case 'text':
      return body.text;
    case 'bytes':
      return Buffer.from(body.bytes);
  }
}

export function toInject(request: FuzzRequest): InjectOptions {
  const payload = serialise(request.body);
  return {
    method: request.method,
    url: `${request.path}${request.query}`,
    headers: {
      ...(request.contentType === null ? {} : { 'content-type': request.contentType }),
      ...request.headers,
    },
    ...(payload === undefined ? {} : { payload }),
  };
}

/** A short, readable description of a failing request: what to paste into curl to see it again. */
export function describeRequest(request: FuzzRequest): string {
  const inject = toInject(request);
  const payload =
    inject.payload === undefined
      ? '(no body)'
      : Buffer.isBuffer(inject.payload)
        ? `bytes ${inject.payload.toString('hex')}`
        : JSON.stringify(inject.payload);
  const clip = (text: string) =>
    text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} chars)` : text;
  return `${inject.method} ${clip(inject.url)}\nheaders: ${JSON.stringify(inject.headers)}\nbody: ${clip(payload)}`;
}

/** fast-check prints counterexamples with this: the clipped request, not 70,000 characters of it. */
export function printable(request: FuzzRequest): FuzzRequest {
  Object.defineProperty(request, fc.toStringMethod, {
    value: () => describeRequest(request),
    enumerable: false,
  });
  return request;
}

/* ------------------------------------------------------------------------------------ bodies */

type Path = (string | number)[];

function clone<T>(value: T): T {
  // JSON.parse defines "__proto__" as an own property, so the round trip keeps hostile keys as keys.
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function pathsOf(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth > 6 || value === null || typeof value !== 'object') {
    return [prefix];
  }
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...prefix, key], depth + 1)),
  ];
}

export type Mutation =
  | { op: 'replace'; pick: number; value: unknown }
  | { op: 'delete'; pick: number }
  | { op: 'addKey'; pick: number; key: string; value: unknown };

/** Applies one mutation at one place of a copy of `body` (the place is `pick` modulo the number of places). */
export function mutate(body: unknown, mutation: Mutation): unknown {
  const copy = clone(body);
  const paths = pathsOf(copy);
  const path = paths[mutation.pick % paths.length]!;
  if (path.length === 0) {
    if (mutation.op === 'addKey' && copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
      return withKey(copy, mutation.key, mutation.value);
    }
    return mutation.op === 'delete' ? undefined : (mutation as { value: unknown }).value;
  }
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], copy) as
    Record<string, unknown> | unknown[];
  const last = path.at(-1)!;
  switch (mutation.op) {
    case 'replace':
      withKey(parent, String(last), mutation.value);
      break;
    case 'delete':
      if (Array.isArray(parent)) {
        parent.splice(Number(last), 1);
      } else {
        delete parent[last as string];
      }
      break;
    case 'addKey': {
      const target = (parent as Record<string, unknown>)[last as string];
      if (Array.isArray(target)) {
        target.push(mutation.value);
      } else if (target !== null && typeof target === 'object') {
        withKey(target, mutation.key, mutation.value);
      } else {
        withKey(parent, mutation.key, mutation.value);
      }
      break;
    }
  }
  return copy;
}

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), value: nastyValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('addKey' as const),
      pick: fc.nat(),
      key: nastyKey,
      value: nastyValue,
    }),
  },
);

/** Text that is not JSON, or JSON that parsers disagree on. */
const NOT_JSON = [
  '',
  ' ',
  '\n',
  '{',
  '}',
  '[',
  '{"description":',
  '{"description":"x"',
  "{'description':'x'}",
  '{description:"x"}',
  '{"description":"x",}',
  '{"description":"x"} trailing',
  '{"description":"x"}{"description":"y"}',
  '{"description":"x" /* note */}',
  '// comment\n{}',
  'NaN',
  '{"age":NaN}',
  '{"age":Infinity}',
  '{"age":-Infinity}',
  '{"age":1e309}',
  '{"age":-1e309}',
  '{"age":1e-400}',
  '{"age":0x10}',
  '{"age":01}',
  '{"age":+1}',
  '{"age":.5}',
  '{"age":1.}',
  '{"age":99999999999999999999999999999999999}',
  'undefined',
  'null',
  'true',
  '0',
  '"description"',
  '[]',
  '[{}]',
  '\ufeff{"description":"x"}',
  '{"description":"\\ud800"}',
  '{"description":"\\udfff\\ud800"}',
  '{"description":"\\u0000"}',
  '{"description":"\u0000"}',
  '{"description":"\u0001"}',
  '{"description":"\\x41"}',
  '{"description":"\\u12"}',
  '{"description":"\\"}',
  '{"description":"x","description":"y"}',
  '{"__proto__":{"admin":true},"description":"x"}',
  '{"constructor":{"prototype":{"admin":true}},"description":"x"}',
  '{"description":"x","__proto__":null}',
  '{"a":{"__proto__":{"polluted":1}}}',
];

/** Nesting far past any sane depth, written as text (JSON.stringify itself would overflow). */
const deepText = fc
  .record({
    depth: fc.constantFrom(100, 1000, 5000, 10_000, 32_000),
    kind: fc.constantFrom('array', 'object', 'field'),
  })
  .map(({ depth, kind }) => {
    switch (kind) {
      case 'array':
        return `${'['.repeat(depth)}${']'.repeat(depth)}`;
      case 'object':
        return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      default:
        return `{"description":"x","answers":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    }
  });

/** Byte sequences that are not UTF-8, or are a UTF-16 surrogate written as UTF-8, inside otherwise fine JSON. */
const badBytes = fc
  .record({
    inner: fc.constantFrom<number[]>(
      [0xed, 0xa0, 0x80], // U+D800 as (invalid) UTF-8
      [0xed, 0xbf, 0xbf], // U+DFFF
      [0xc0, 0x80], // overlong NUL
      [0xff, 0xfe],
      [0xe3, 0x81], // truncated あ
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0x00],
      [0x80],
    ),
    field: fc.constantFrom('description', 'receiptNumber', 'email', 'password', 'refreshToken', 'mfaToken'),
    whole: fc.boolean(),
  })
  .map(({ inner, field, whole }) =>
    whole ? inner : [...Buffer.from(`{"${field}":"ab`), ...inner, ...Buffer.from('cd"}')],
  );

/** Body arbitrary for an endpoint that takes `valid` JSON bodies. */
export function bodyArbitrary(valid: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzBody> {
  const json = (arb: fc.Arbitrary<unknown>) => arb.map((value): FuzzBody => ({ kind: 'json', value }));
  return fc.oneof(
    // Valid as it is: the 2xx replies are checked against the response schema.
    { weight: 2, arbitrary: json(valid) },
    // One field changed, removed or added.
    {
      weight: 8,
      arbitrary: fc
        .tuple(valid, mutation)
        .map(([body, change]): FuzzBody => ({ kind: 'json', value: mutate(body, change) })),
    },
    // Two changes at once (a missing field and an extra one, say).
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, mutation, mutation)
        .map(([body, a, b]): FuzzBody => ({ kind: 'json', value: mutate(mutate(body, a), b) })),
    },
    // The wrong type altogether.
    { weight: 2, arbitrary: json(nastyValue) },
    { weight: 1, arbitrary: json(fc.jsonValue({ maxDepth: 3 })) },
    { weight: 2, arbitrary: fc.constantFrom(...NOT_JSON).map((text): FuzzBody => ({ kind: 'text', text })) },
    { weight: 1, arbitrary: deepText.map((text): FuzzBody => ({ kind: 'text', text })) },
    { weight: 1, arbitrary: badBytes.map((bytes): FuzzBody => ({ kind: 'bytes', bytes })) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ kind: 'none' }) },
  );
}

/* ------------------------------------------------------------------------ headers and query */

const JSON_TYPE = 'application/json';

/** Mostly JSON; sometimes none, another type, a charset the parser must refuse, or odd spelling. */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(JSON_TYPE) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<string | null>(
      null,
      '',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/octet-stream',
      'application/xml',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=shift_jis',
      'APPLICATION/JSON',
      'application/json, text/plain',
      'application/vnd.api+json',
      'application/problem+json',
      'application/jsonx',
      'application/json; boundary=x; foo="bar"',
      'json',
      '*/*',
      'application/',
      ';',
    ),
  },
);

function encodeQuery(pairs: [string, string][], raw: boolean): string {
  if (pairs.length === 0) {
    return '';
  }
  const encode = (text: string) => {
    if (raw) {
      // Unencoded, except what would change the URL's structure for the HTTP layer itself.
      return text.replace(/[\s#]/g, (c) => encodeURIComponent(c));
    }
    try {
      return encodeURIComponent(text);
    } catch {
      // A lone surrogate cannot be percent-encoded as UTF-8; send it as its WTF-8 bytes.
      return [...text]
        .map((c) => {
          const code = c.charCodeAt(0);
          if (code >= 0xd800 && code <= 0xdfff) {
            return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(
              0x80 |
              (code & 0x3f)
            ).toString(16)}`.toUpperCase();
          }
          return encodeURIComponent(c);
        })
        .join('');
    }
  };
  return `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
}

const BROKEN_QUERIES = [
  '?',
  '?&',
  '?=',
  '?a',
  '?%',
  '?%E0%A4%A',
  '?category=%',
  '?category=%ZZ',
  '?category=%00',
  '?category=%ED%A0%80',
  '?category[]=phishing',
  '?category[a]=phishing',
  '?category=phishing&category=malware',
  '?openNow=true&openNow=false',
  '?__proto__[admin]=true',
  '?constructor[prototype][admin]=true',
  '?openNow[]=true',
  '?includeInactive=true',
  '?includeInactive=1',
  '?openNow=TRUE',
  '?openNow=',
  `?category=${'a'.repeat(5000)}`,
  `?${'a=1&'.repeat(2000)}`,
];

/** A query string: known keys with hostile values, unknown and prototype keys, repeats, broken encodings. */
export function queryArbitrary(
  knownKeys: readonly string[],
  knownValues: readonly string[],
): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(knownKeys.length > 0 ? knownKeys : ['q'])) },
    { weight: 1, arbitrary: nastyKey },
    { weight: 1, arbitrary: fc.constantFrom('q', 'at', 'date', 'from', 'to', 'limit', 'cursor', 'slug') },
  );
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(knownValues.length > 0 ? knownValues : ['x'])) },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.constantFrom(...EXTREME_DATES, ...SPECIAL_STRINGS) },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.boolean())
        .map(([pairs, raw]) => encodeQuery(pairs, raw)),
    },
    { weight: 2, arbitrary: fc.constantFrom(...BROKEN_QUERIES) },
  );
}

/** Extra headers: mostly none; sometimes a forged bearer, an odd accept or a forged request id. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { authorization: 'Bearer ' + 'a'.repeat(43) },
      { authorization: 'Bearer' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: 'Bearer ' + 'x'.repeat(500) },
      { accept: 'text/html' },
      { accept: 'application/xml' },
      { 'x-request-id': '../../../etc/passwd' },
      { 'x-request-id': 'a'.repeat(1000) },
      { 'x-request-id': 'fuzz-request-0001' },
      { 'content-encoding': 'gzip' },
      { 'content-encoding': 'br' },
      { 'transfer-encoding': 'chunked' },
      { 'x-forwarded-for': '999.999.999.999' },
      { 'x-forwarded-for': 'not an address, ::1' },
    ),
  },
);

/** Strings for path parameters, including what breaks URL decoding. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%00',
    '%ED%A0%80',
    '%2F',
    '..',
    '%2e%2e',
    '.',
    '__proto__',
    'constructor',
    'a'.repeat(2000),
    '%F0%9F%98%80',
    '%EF%BB%BF',
    'A-B',
    'police-cyber',
  ),
  nastyString.map((text) => encodeQuery([['x', text]], false).slice(3)),
  fc
    .constantFrom(...LONE_SURROGATES, ...CONTROL_CHARACTERS)
    .map((text) => encodeQuery([['x', text]], false).slice(3)),
);
