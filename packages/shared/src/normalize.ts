import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

import type { TIntake, TIntakeIdentifiers } from './intake.schema';

export const IDENTIFIER_KINDS = ['phone', 'url', 'domain', 'email', 'bank_account', 'name'] as const;
export const ZIdentifierKind = z.enum(IDENTIFIER_KINDS);
export type TIdentifierKind = z.infer<typeof ZIdentifierKind>;

/** `value` is the canonical form used for matching across cases; `display` is what a counselor reads. */
export type TNormalizedIdentifier = { kind: TIdentifierKind; value: string; display: string };

/**
 * Like the browser's `<input type="email">` rule, but the domain must contain a dot. zod's default e-mail check is
 * stricter than what Japanese carriers handed out for years (e.g. `taro..yamada.@docomo.ne.jp`), and those
 * addresses still belong to real people.
 */
export const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

// NFKC leaves these alone, yet Japanese IMEs produce them where a hyphen was meant (e.g. 090ー1234ー5678).
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70]/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// `mailto:`, `javascript:`, `tel:`…; a digit after the colon is a port (`example.com:8080`), not a scheme.
const NON_WEB_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

/** Unicode NFKC: full-width letters and digits become ASCII, half-width katakana becomes full-width. */
export function nfkc(value: string): string {
  return value.normalize('NFKC');
}

function collapseSpaces(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export function normalizePhone(raw: string): TNormalizedIdentifier | null {
  const text = collapseSpaces(nfkc(raw)).replace(DASHES, '-');
  const parsed = parsePhoneNumberFromString(text, 'JP');
  if (parsed?.isPossible()) {
    const display =
      parsed.countryCallingCode === '81' ? parsed.formatNational() : parsed.formatInternational();
    return { kind: 'phone', value: parsed.number, display };
  }
  // Short codes (#9110, 188) and half-remembered numbers still help a counselor; keep their digits.
  const digits = text.replace(/\D/g, '');
  return digits ? { kind: 'phone', value: digits, display: text } : null;
}

// Security write-ups "defang" links (hxxp://evil[.]example); counselors paste them as they got them.
function refang(value: string): string {
  return value
    .replace(/^hxxp/i, 'http')
    .replace(/\[\.\]|\(\.\)|\[dot\]/gi, '.')
    .replace(/\[:\]/g, ':');
}

function parseWebUrl(raw: string): URL | null {
  const text = refang(nfkc(raw).trim());
  if (!text || /\s/.test(text)) {
    return null;
  }
  if (!SCHEME.test(text) && NON_WEB_SCHEME.test(text)) {
    return null;
  }
  const withScheme = SCHEME.test(text) ? text : `https://${text.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  url.hostname = url.hostname.replace(/\.$/, '');
  // A host without a dot ("https://foo") is almost always a typo, not a site someone was sent to.
  if (!url.hostname.includes('.') && !url.hostname.startsWith('[')) {
    return null;
  }
  return url;
}

/**
 * Canonical URL: lowercase host (international names stay in punycode on purpose, so look-alike phishing domains
 * are visible), no default port, no fragment, no trailing slash on the bare root, https:// added when missing.
 */
export function normalizeUrl(raw: string): TNormalizedIdentifier | null {
  const url = parseWebUrl(raw);
  if (!url) {
    return null;
  }
  url.hash = '';
  const href = url.pathname === '/' && !url.search ? url.href.replace(/\/$/, '') : url.href;
  return { kind: 'url', value: href, display: href };
}

/** Host without a leading `www.`. Not a public-suffix lookup: `shop.example.co.jp` stays as it is. */
export function normalizeDomain(raw: string): TNormalizedIdentifier | null {
  const url = parseWebUrl(raw);
  if (!url) {
    return null;
  }
  const domain = url.hostname.replace(/^www\./, '');
  return { kind: 'domain', value: domain, display: domain };
}

export function normalizeEmail(raw: string): TNormalizedIdentifier | null {
  const text = nfkc(raw)
    .trim()
    .replace(/^mailto:/i, '');
  const at = text.lastIndexOf('@');
  if (at <= 0) {
    return null;
  }
  // The local part is case-sensitive by the standard, so only the domain is lowercased.
  const value = `${text.slice(0, at)}@${text
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '')}`;
  return EMAIL_PATTERN.test(value) ? { kind: 'email', value, display: value } : null;
}

/** Full-width digits and half-width katakana (as printed on bank statements) folded; digit groups joined. */
export function normalizeBankAccount(raw: string): TNormalizedIdentifier | null {
  const text = collapseSpaces(nfkc(raw).replace(DASHES, '-'))
    .replace(/(\d)[-\s]+(?=\d)/g, '$1')
    .toUpperCase();
  return text ? { kind: 'bank_account', value: text, display: text } : null;
}

export function normalizeName(raw: string): TNormalizedIdentifier | null {
  const text = collapseSpaces(nfkc(raw));
  return text ? { kind: 'name', value: text, display: text } : null;
}

export function normalizeIdentifier(kind: TIdentifierKind, raw: string): TNormalizedIdentifier | null {
  switch (kind) {
    case 'phone':
      return normalizePhone(raw);
    case 'url':
      return normalizeUrl(raw);
    case 'domain':
      return normalizeDomain(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'bank_account':
      return normalizeBankAccount(raw);
    case 'name':
      return normalizeName(raw);
    default:
      return kind satisfies never;
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

// What the person typed is evidence: if it cannot be canonicalised it is kept (NFKC-folded) rather than dropped.
function normalizeList(kind: TIdentifierKind, values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) {
    return undefined;
  }
  const normalized = values
    .map((raw) => normalizeIdentifier(kind, raw)?.value ?? collapseSpaces(nfkc(raw)))
    .filter((value) => value.length > 0);
  return unique(normalized);
}

function normalizeIdentifiers(identifiers: TIntakeIdentifiers): TIntakeIdentifiers {
  return dropUndefined({
    phones: normalizeList('phone', identifiers.phones),
    urls: normalizeList('url', identifiers.urls),
    emails: normalizeList('email', identifiers.emails),
    names: normalizeList('name', identifiers.names),
    bankAccounts: normalizeList('bank_account', identifiers.bankAccounts),
  });
}

// Keeps `exactOptionalPropertyTypes`-style shapes: an absent field stays absent instead of becoming `undefined`.
function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** NFKC-folds all free text and canonicalises identifiers. Idempotent; does not add identifiers found in text. */
export function normalizeIntake(intake: TIntake): TIntake {
  const { description, answers, identifiers, contact } = intake;
  return dropUndefined({
    ...intake,
    description: nfkc(description).replace(/\r\n?/g, '\n').trim(),
    answers:
      answers && dropUndefined({ ...answers, demandVia: answers.demandVia && unique(answers.demandVia) }),
    identifiers: identifiers && normalizeIdentifiers(identifiers),
    contact:
      contact &&
      dropUndefined({
        ...contact,
        name: contact.name === undefined ? undefined : collapseSpaces(nfkc(contact.name)),
        phone:
          contact.phone === undefined ? undefined : (normalizePhone(contact.phone)?.value ?? contact.phone),
        email:
          contact.email === undefined ? undefined : (normalizeEmail(contact.email)?.value ?? contact.email),
      }),
  });
}

/** An e-mail address inside free text (global: use with replace or matchAll). */
export const EMAIL_IN_TEXT =
  /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}/gi;
const URL_IN_TEXT = /(?:https?:\/\/|www\.)[^\s<>"'`、。「」『』()（）【】]+/gi;
// Scheme-less links in scam SMS usually sit on these TLDs; a wider net would catch ordinary words like "Node.js".
const BARE_DOMAIN_IN_TEXT =
  /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|jp|info|biz|xyz|top|shop|site|online|club|app|io|me|cc|cn|ru|vip|live|icu|buzz|tokyo|link|work|store|ly)\b(?::\d{1,5})?(?:\/[^\s<>"'`、。「」『』()（）【】]*)?/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;

function takeAll(text: string, pattern: RegExp): { found: string[]; rest: string } {
  const found: string[] = [];
  const rest = text.replace(pattern, (match) => {
    found.push(match.replace(TRAILING_PUNCTUATION, ''));
    // Blank the match out so the next pass does not read a URL's digits as a phone number.
    return ' '.repeat(match.length);
  });
  return { found, rest };
}

/** Finds e-mail addresses, URLs and phone numbers (full-width too) in free text, de-duplicated, in that order. */
export function extractIdentifiersFromText(text: string): TNormalizedIdentifier[] {
  const folded = refangAll(nfkc(text)).replace(/(\d)[\u2010-\u2015\u2212\u30FC\uFF70](?=\d)/g, '$1-');
  const emails = takeAll(folded, EMAIL_IN_TEXT);
  const urls = takeAll(emails.rest, URL_IN_TEXT);
  const bare = takeAll(urls.rest, BARE_DOMAIN_IN_TEXT);
  const phones = findPhones(bare.rest);

  const results = [
    ...emails.found.map(normalizeEmail),
    ...[...urls.found, ...bare.found].map(normalizeUrl),
    ...phones.map(normalizePhone),
  ].filter((identifier): identifier is TNormalizedIdentifier => identifier !== null);

  const seen = new Set<string>();
  return results.filter((identifier) => {
    const key = `${identifier.kind}:${identifier.value}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function refangAll(text: string): string {
  return text.replace(/hxxp(s?):\/\//gi, 'http$1://').replace(/\[\.\]|\(\.\)/g, '.');
}

function findPhones(text: string): string[] {
  // The finder's default "valid" leniency keeps amounts such as 30000円 from being read as phone numbers.
  return findPhoneNumbersInText(text, 'JP').map((match) => match.number.number);
}
