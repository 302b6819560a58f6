import { z } from 'zod';

import type { TLocalized } from './category';
import { hasForbiddenControlCharacters } from './intake.schema';
import {
  IDENTIFIER_KINDS,
  nfkc,
  normalizeIdentifier,
  type TIdentifierKind,
  type TNormalizedIdentifier,
  ZIdentifierKind,
} from './normalize';

export const REGISTRY_VALUE_MAX = 500;
export const REGISTRY_SOURCE_MAX = 200;
export const REGISTRY_NOTE_MAX = 1000;

export const IDENTIFIER_KIND_LABELS: Readonly<Record<TIdentifierKind, TLocalized>> = {
  phone: { ja: '電話番号', en: 'phone number' },
  url: { ja: 'URL', en: 'URL' },
  domain: { ja: 'ドメイン', en: 'domain' },
  email: { ja: 'メールアドレス', en: 'e-mail address' },
  bank_account: { ja: '口座', en: 'bank account' },
  name: { ja: '名前', en: 'name' },
};

/** Published lists and spreadsheets kept by Japanese desks name the kind in Japanese as often as in English. */
const KIND_ALIASES: Readonly<Record<string, TIdentifierKind>> = {
  phone: 'phone',
  tel: 'phone',
  電話: 'phone',
  電話番号: 'phone',
  url: 'url',
  domain: 'domain',
  ドメイン: 'domain',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  メール: 'email',
  メールアドレス: 'email',
  bank_account: 'bank_account',
  口座: 'bank_account',
  口座番号: 'bank_account',
  銀行口座: 'bank_account',
  name: 'name',
  名前: 'name',
  名義: 'name',
  氏名: 'name',
  名称: 'name',
};

export function parseRegistryKind(raw: string): TIdentifierKind | null {
  return KIND_ALIASES[nfkc(raw).trim().toLowerCase()] ?? null;
}

/** CSV header names per column; Japanese headers are what Excel users type. */
export const REGISTRY_CSV_HEADERS = {
  kind: ['kind', '種別'],
  value: ['value', '値'],
  source: ['source', '出典'],
  note: ['note', '備考'],
} as const;
export type TRegistryCsvColumn = keyof typeof REGISTRY_CSV_HEADERS;

export function registryCsvColumn(header: string): TRegistryCsvColumn | null {
  const name = nfkc(header).trim().toLowerCase();
  for (const [column, names] of Object.entries(REGISTRY_CSV_HEADERS)) {
    if ((names as readonly string[]).includes(name)) {
      return column as TRegistryCsvColumn;
    }
  }
  return null;
}

export type TRegistryRejectReason =
  'bad_kind' | 'empty_value' | 'unparsable_value' | 'too_long' | 'missing_source' | 'control_characters';

export type TRegistryValueCheck =
  | { ok: true; identifier: TNormalizedIdentifier }
  | { ok: false; reason: TRegistryRejectReason; message: TLocalized };

/**
 * Canonical form of a registry value, stricter than for intakes: the registry is curated, so a phone entry must be a
 * whole number (E.164). Intakes keep half-remembered digits as evidence; a registry entry of "12" would only be noise.
 */
export function normalizeRegistryValue(kind: TIdentifierKind, raw: string): TRegistryValueCheck {
  const text = raw.trim();
  if (!text) {
    return { ok: false, reason: 'empty_value', message: { ja: '値が空です', en: 'The value is empty' } };
  }
  if (hasForbiddenControlCharacters(text)) {
    return {
      ok: false,
      reason: 'control_characters',
      message: { ja: '値に制御文字が入っています', en: 'The value contains control characters' },
    };
  }
  if (text.length > REGISTRY_VALUE_MAX) {
    return {
      ok: false,
      reason: 'too_long',
      message: {
        ja: `値は${REGISTRY_VALUE_MAX}文字以内にしてください`,
        en: `The value must be ${REGISTRY_VALUE_MAX} characters or fewer`,
      },
    };
  }
  const identifier = normalizeIdentifier(kind, text);
  if (!identifier || (kind === 'phone' && !identifier.value.startsWith('+'))) {
    const label = IDENTIFIER_KIND_LABELS[kind];
    return {
      ok: false,
      reason: 'unparsable_value',
      message: {
        ja: `「${text}」を${label.ja}として読み取れません`,
        en: `"${text}" cannot be read as a ${label.en}`,
      },
    };
  }
  return { ok: true, identifier };
}

export type TRegistryCsvRow = { kind?: string; value?: string; source?: string; note?: string };

export type TRegistryRowCheck =
  | { ok: true; entry: TNormalizedIdentifier & { source: string; note: string | null } }
  | { ok: false; reason: TRegistryRejectReason; message: TLocalized };

/** One CSV row → a registry entry or the reason it cannot be one. `defaultSource` fills an empty source cell. */
export function checkRegistryRow(row: TRegistryCsvRow, defaultSource?: string): TRegistryRowCheck {
  const kind = parseRegistryKind(row.kind ?? '');
  if (!kind) {
    return {
      ok: false,
      reason: 'bad_kind',
      message: {
        ja: `種別「${row.kind ?? ''}」は使えません(${IDENTIFIER_KINDS.join(', ')} のどれかにしてください)`,
        en: `Unknown kind "${row.kind ?? ''}" (use one of ${IDENTIFIER_KINDS.join(', ')})`,
      },
    };
  }
  const value = normalizeRegistryValue(kind, row.value ?? '');
  if (!value.ok) {
    return value;
  }
  const source = nfkc(row.source?.trim() || defaultSource?.trim() || '');
  if (!source) {
    return {
      ok: false,
      reason: 'missing_source',
      message: { ja: '出典が空です', en: 'The source is empty' },
    };
  }
  const note = row.note?.trim() ? nfkc(row.note.trim()) : null;
  if (source.length > REGISTRY_SOURCE_MAX || (note?.length ?? 0) > REGISTRY_NOTE_MAX) {
    return {
      ok: false,
      reason: 'too_long',
      message: {
        ja: `出典は${REGISTRY_SOURCE_MAX}文字、備考は${REGISTRY_NOTE_MAX}文字以内にしてください`,
        en: `Source must be at most ${REGISTRY_SOURCE_MAX} and note at most ${REGISTRY_NOTE_MAX} characters`,
      },
    };
  }
  if (hasForbiddenControlCharacters(source) || (note !== null && hasForbiddenControlCharacters(note))) {
    return {
      ok: false,
      reason: 'control_characters',
      message: { ja: '出典か備考に制御文字が入っています', en: 'Source or note contains control characters' },
    };
  }
  return { ok: true, entry: { ...value.identifier, source, note } };
}

function text(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), { params: { reason: 'control_characters' } });
}

export const ZRegistryKind = ZIdentifierKind;

export const ZCreateRegistryEntry = z.strictObject({
  kind: ZIdentifierKind,
  value: text(REGISTRY_VALUE_MAX),
  source: text(REGISTRY_SOURCE_MAX),
  note: text(REGISTRY_NOTE_MAX).optional(),
});
export type TCreateRegistryEntry = z.infer<typeof ZCreateRegistryEntry>;

export const ZUpdateRegistryEntry = z
  .strictObject({
    kind: ZIdentifierKind.optional(),
    value: text(REGISTRY_VALUE_MAX).optional(),
    source: text(REGISTRY_SOURCE_MAX).optional(),
    note: text(REGISTRY_NOTE_MAX).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type TUpdateRegistryEntry = z.infer<typeof ZUpdateRegistryEntry>;

export const ZRegistryQuery = z.strictObject({
  kind: ZIdentifierKind.optional(),
  /** Matches value, display, source and note; a phone number matches however it is written. */
  q: z.string().trim().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});
export type TRegistryQuery = z.infer<typeof ZRegistryQuery>;

export const ZRegistryIdParams = z.strictObject({ id: z.uuid() });

const ZDateTime = z.iso.datetime({ offset: true });

export const ZRegistryEntry = z.strictObject({
  id: z.string(),
  kind: ZIdentifierKind,
  value: z.string(),
  display: z.string(),
  source: z.string(),
  note: z.string().nullable(),
  createdById: z.string().nullable(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type TRegistryEntry = z.infer<typeof ZRegistryEntry>;

export const ZRegistryPage = z.strictObject({
  items: z.array(ZRegistryEntry),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type TRegistryPage = z.infer<typeof ZRegistryPage>;

export const REGISTRY_IMPORT_ENCODINGS = ['auto', 'utf-8', 'shift_jis'] as const;

export const ZRegistryImportQuery = z.strictObject({
  /** Defaults to a dry run: an import that writes must be asked for explicitly. */
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  encoding: z.enum(REGISTRY_IMPORT_ENCODINGS).optional(),
  /** Used for rows whose source cell is empty (or when the file has no source column). */
  source: text(REGISTRY_SOURCE_MAX).optional(),
});
export type TRegistryImportQuery = z.infer<typeof ZRegistryImportQuery>;

export const ZRegistryImportReport = z.strictObject({
  dryRun: z.boolean(),
  encoding: z.enum(['utf-8', 'shift_jis']),
  /** Data rows read (the header not counted). */
  total: z.int(),
  /** Rows that are (or, in a dry run, would be) added. */
  accepted: z.array(z.strictObject({ line: z.int(), kind: ZIdentifierKind, value: z.string() })),
  rejected: z.array(
    z.strictObject({
      line: z.int(),
      reason: z.strictObject({ ja: z.string(), en: z.string() }),
      raw: z.string(),
    }),
  ),
  /** Rows already in the registry, or repeated earlier in the same file (firstLine). */
  duplicates: z.array(
    z.strictObject({
      line: z.int(),
      kind: ZIdentifierKind,
      value: z.string(),
      firstLine: z.int().nullable(),
    }),
  ),
});
export type TRegistryImportReport = z.infer<typeof ZRegistryImportReport>;
