import type { TIntake } from './intake.schema';
import {
  extractIdentifiersFromText,
  IDENTIFIER_KINDS,
  normalizeIdentifier,
  type TIdentifierKind,
  type TNormalizedIdentifier,
} from './normalize';

/** Where an intake's identifier came from: listed by the person, or found in what they wrote. */
export type TIntakeIdentifier = TNormalizedIdentifier & { source: 'intake' | 'text' };

const IDENTIFIER_FIELDS: Record<string, TIdentifierKind> = {
  phones: 'phone',
  urls: 'url',
  emails: 'email',
  names: 'name',
  bankAccounts: 'bank_account',
};

/**
 * The identifiers of an intake: those the person listed (a URL also yields its domain), then the
 * phone numbers, URLs and e-mail addresses found in the description. May repeat (kind, value).
 */
export function collectIntakeIdentifiers(intake: TIntake): TIntakeIdentifier[] {
  const out: TIntakeIdentifier[] = [];
  for (const [field, kind] of Object.entries(IDENTIFIER_FIELDS)) {
    for (const raw of (intake.identifiers as Record<string, string[] | undefined> | undefined)?.[field] ??
      []) {
      const normalized = normalizeIdentifier(kind, raw);
      if (normalized) {
        out.push({ ...normalized, source: 'intake' });
        if (normalized.kind === 'url') {
          const domain = normalizeIdentifier('domain', normalized.value);
          if (domain) {
            out.push({ ...domain, source: 'intake' });
          }
        }
      }
    }
  }
  for (const found of extractIdentifiersFromText(intake.description)) {
    if (IDENTIFIER_KINDS.includes(found.kind)) {
      out.push({ ...found, source: 'text' });
    }
  }
  return out;
}

/** One per (kind, value), in first-seen order; the one the person listed wins over one found in the text. */
export function uniqueIntakeIdentifiers(identifiers: readonly TIntakeIdentifier[]): TIntakeIdentifier[] {
  const unique = new Map<string, TIntakeIdentifier>();
  for (const identifier of identifiers) {
    const key = `${identifier.kind}\0${identifier.value}`;
    if (!unique.has(key) || identifier.source === 'intake') {
      unique.set(key, identifier);
    }
  }
  return [...unique.values()];
}
