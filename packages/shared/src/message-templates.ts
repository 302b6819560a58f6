import { z } from 'zod';

import type { TLocalized } from './category';
import { MAX_NOTE_LENGTH, MAX_PUBLIC_MESSAGE_LENGTH } from './case-api.schema';

/**
 * Message and note templates (admin-managed texts counselors start from). A template's body may name the
 * placeholders below as `{{name}}`; anything else between double braces is refused when the template is saved,
 * so a typo never reaches the person as literal braces. Filling happens on the API (it knows the case's window,
 * the hours and the signed-in counselor); a value that cannot be known for the case (no window chosen or
 * suggested) leaves its placeholder in the text and is listed in `missing`, for the counselor to fill by hand.
 */
export const TEMPLATE_KINDS = ['public_message', 'note'] as const;
export type TTemplateKind = (typeof TEMPLATE_KINDS)[number];
export const ZTemplateKind = z.enum(TEMPLATE_KINDS);

export const TEMPLATE_KIND_LABELS: Record<TTemplateKind, TLocalized> = {
  public_message: { ja: '相談者へのメッセージ', en: 'Message to the person' },
  note: { ja: '内部メモ', en: 'Internal note' },
};

export const TEMPLATE_PLACEHOLDERS = [
  'window.name',
  'window.hours',
  'window.phone',
  'window.url',
  'receipt',
  'counselor.name',
] as const;
export type TTemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** What each placeholder becomes, for the admin page's list. */
export const TEMPLATE_PLACEHOLDER_LABELS: Record<TTemplatePlaceholder, TLocalized> = {
  'window.name': {
    ja: '紹介先窓口の名前(選んだ紹介先、なければ自動判定のおすすめ)',
    en: "The referral window's name (the chosen referral, else triage's suggestion)",
  },
  'window.hours': { ja: 'その窓口の受付時間', en: "That window's opening hours" },
  'window.phone': { ja: 'その窓口の電話番号', en: "That window's phone number" },
  'window.url': { ja: 'その窓口のウェブサイト', en: "That window's website" },
  receipt: { ja: 'この相談の受付番号', en: "The case's receipt number" },
  'counselor.name': { ja: '書いている相談員の表示名', en: "The writing counselor's display name" },
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholder names a text uses, in order of first use (`{{ window.name }}` → `window.name`). */
export function templatePlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

export function isTemplatePlaceholder(name: string): name is TTemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name);
}

/** Placeholders a body names that are not in TEMPLATE_PLACEHOLDERS. */
export function unknownTemplatePlaceholders(body: string): string[] {
  return templatePlaceholders(body).filter((name) => !isTemplatePlaceholder(name));
}

export function unknownPlaceholderMessage(unknown: readonly string[]): TLocalized {
  const list = unknown.map((name) => `{{${name}}}`).join('、');
  return {
    ja: `使えない差し込み項目があります: ${list}。使えるのは ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join('、')} です`,
    en: `Unknown placeholder(s): ${unknown.map((name) => `{{${name}}}`).join(', ')}. Use only ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  };
}

/** What the placeholders become for one case (the API gathers the facts; a missing window leaves its four unset). */
export function templateValues(facts: {
  receiptNumber: string;
  counselorName: string;
  window: { name: string; hours: string; phone?: string; url?: string | null } | null;
}): Partial<Record<TTemplatePlaceholder, string>> {
  return {
    receipt: facts.receiptNumber,
    'counselor.name': facts.counselorName,
    ...(facts.window
      ? {
          'window.name': facts.window.name,
          'window.hours': facts.window.hours,
          'window.phone': facts.window.phone,
          'window.url': facts.window.url ?? undefined,
        }
      : {}),
  };
}

/**
 * Replaces each known placeholder that has a value; placeholders without one stay as written and are
 * returned in `missing`.
 */
export function fillTemplate(
  body: string,
  values: Partial<Record<TTemplatePlaceholder, string>>,
): { text: string; missing: TTemplatePlaceholder[] } {
  const missing = new Set<TTemplatePlaceholder>();
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isTemplatePlaceholder(name)) {
      return whole;
    }
    const value = values[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text, missing: [...missing] };
}

/** A template's body must fit the longer of the two texts it may become; the fill is checked again on sending. */
export const MAX_TEMPLATE_BODY_LENGTH = Math.max(MAX_NOTE_LENGTH, MAX_PUBLIC_MESSAGE_LENGTH);
export const MAX_TEMPLATE_TITLE_LENGTH = 100;

const ZTemplateTitle = z.string().trim().min(1).max(MAX_TEMPLATE_TITLE_LENGTH);
const ZTemplateBody = z.string().trim().min(1).max(MAX_TEMPLATE_BODY_LENGTH);

export const ZMessageTemplate = z.object({
  id: z.uuid(),
  kind: ZTemplateKind,
  title: z.string(),
  body: z.string(),
  active: z.boolean(),
  /** Placeholders the body uses (all known: unknown ones are refused on saving). */
  placeholders: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type TMessageTemplate = z.infer<typeof ZMessageTemplate>;

export const ZMessageTemplateList = z.array(ZMessageTemplate);

export const ZMessageTemplatesQuery = z.strictObject({
  kind: ZTemplateKind.optional(),
  /** Deactivated templates too: for admins (templates.manage), who edit and reactivate them. */
  includeInactive: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
export type TMessageTemplatesQuery = z.output<typeof ZMessageTemplatesQuery>;

export const ZCreateMessageTemplate = z.strictObject({
  kind: ZTemplateKind,
  title: ZTemplateTitle,
  body: ZTemplateBody,
});
export type TCreateMessageTemplate = z.output<typeof ZCreateMessageTemplate>;

/** Edit, deactivate (`active: false`) or reactivate. */
export const ZUpdateMessageTemplate = z
  .strictObject({
    kind: ZTemplateKind.optional(),
    title: ZTemplateTitle.optional(),
    body: ZTemplateBody.optional(),
    active: z.boolean().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, { message: 'Nothing to change', path: [] });
export type TUpdateMessageTemplate = z.output<typeof ZUpdateMessageTemplate>;

export const ZMessageTemplateParams = z.strictObject({ id: z.uuid() });

export const ZTemplateFillQuery = z.strictObject({ caseId: z.uuid() });

/** A template filled for one case. */
export const ZTemplateFill = z.object({
  templateId: z.uuid(),
  kind: ZTemplateKind,
  text: z.string(),
  /** Placeholders left in the text because the case has no value for them (no window chosen or suggested). */
  missing: z.array(z.enum(TEMPLATE_PLACEHOLDERS)),
  /** The window the window.* placeholders were filled from, if any. */
  window: z.object({ slug: z.string(), name: z.string() }).nullable(),
});
export type TTemplateFill = z.infer<typeof ZTemplateFill>;
