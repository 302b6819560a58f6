// The encrypted columns of an intake and of the case history (issue 17 item 1; encrypted-columns.ts): how their
// values are sealed when written and opened when read, for every repository that writes or reads them.
import type { Prisma } from '@madoguchi/db';
import type { FieldLocation } from './field-cipher';
import type { FieldCrypto } from './field-crypto.service';

type Sealer = Pick<FieldCrypto, 'encryptString'>;
type Opener = Pick<FieldCrypto, 'decryptString'>;

/** The encrypted columns of intakes, each a text; contact, identifiers and raw hold a JSON serialisation. */
export type IntakeTextColumn = 'description' | 'contact' | 'identifiers' | 'raw';

/** Where an intake's value is encrypted: its table, column and row (the case's id, the table's key). */
export const intakeLocation = (caseId: string, column: IntakeTextColumn): FieldLocation => ({
  table: 'intakes',
  column,
  rowId: caseId,
});

/** Where an event's free text is encrypted. */
export const eventBodyLocation = (eventId: string): FieldLocation => ({
  table: 'case_events',
  column: 'body',
  rowId: eventId,
});

/** Empty or shredded JSON: stored as it is (it says nothing), so shredding and the re-encryption job can see it. */
const EMPTY_JSON = '{}';

/**
 * An intake's encrypted columns as stored: one encryption per column, synchronous, so the intake's
 * transaction awaits nothing but the database (issue 19's CPU budget per intake).
 */
export function sealIntakeTexts(
  crypto: Sealer,
  caseId: string,
  values: { description: string; contact: unknown; identifiers: unknown; raw: unknown },
): { description: string; contact: string | null; identifiers: string; raw: string } {
  const json = (column: 'identifiers' | 'raw', value: unknown): string => {
    const text = JSON.stringify(value ?? {});
    return text === EMPTY_JSON ? text : crypto.encryptString(text, intakeLocation(caseId, column));
  };
  return {
    description: crypto.encryptString(values.description, intakeLocation(caseId, 'description')),
    contact:
      values.contact === null || values.contact === undefined
        ? null
        : crypto.encryptString(JSON.stringify(values.contact), intakeLocation(caseId, 'contact')),
    identifiers: json('identifiers', values.identifiers),
    raw: json('raw', values.raw),
  };
}

/** The clear text of an intake's description (a clear value from before encryption is returned as it is). */
export function openIntakeText(crypto: Opener, caseId: string, stored: string): Promise<string> {
  return stored === ''
    ? Promise.resolve('')
    : crypto.decryptString(stored, intakeLocation(caseId, 'description'));
}

/** The JSON value of an intake's contact, identifiers or raw column; null stays null. */
export async function openIntakeJson(
  crypto: Opener,
  caseId: string,
  column: Exclude<IntakeTextColumn, 'description'>,
  stored: string | null,
): Promise<Prisma.JsonValue> {
  if (stored === null) {
    return null;
  }
  if (stored === EMPTY_JSON) {
    return {};
  }
  return JSON.parse(await crypto.decryptString(stored, intakeLocation(caseId, column))) as Prisma.JsonValue;
}

/**
 * An intake row with its encrypted columns opened, in the shape they had as jsonb (the mappers and the API's replies
 * are unchanged). Only the columns the row was read with are opened.
 */
export async function openIntake<
  T extends { description?: string; contact?: string | null; identifiers?: string; raw?: string },
>(
  crypto: Opener,
  caseId: string,
  row: T,
): Promise<
  Omit<T, 'contact' | 'identifiers' | 'raw'> & {
    [K in 'contact' | 'identifiers' | 'raw' as K extends keyof T ? K : never]: Prisma.JsonValue;
  }
> {
  const [description, contact, identifiers, raw] = await Promise.all([
    row.description === undefined ? undefined : openIntakeText(crypto, caseId, row.description),
    row.contact === undefined ? undefined : openIntakeJson(crypto, caseId, 'contact', row.contact),
    row.identifiers === undefined
      ? undefined
      : openIntakeJson(crypto, caseId, 'identifiers', row.identifiers),
    row.raw === undefined ? undefined : openIntakeJson(crypto, caseId, 'raw', row.raw),
  ]);
  const opened: Record<string, unknown> = { ...row };
  if (description !== undefined) {
    opened['description'] = description;
  }
  if (contact !== undefined) {
    opened['contact'] = contact;
  }
  if (identifiers !== undefined) {
    opened['identifiers'] = identifiers;
  }
  if (raw !== undefined) {
    opened['raw'] = raw;
  }
  return opened as Awaited<ReturnType<typeof openIntake<T>>>;
}

/**
 * The keys of case_events.data that hold free text: a note's body, a call's summary, a message or reply, a reason,
 * a note on a referral (and `text`, `comment`, kept free for later kinds). Their non-empty string values are stored
 * in `body`, encrypted; the rest of `data` is coded and stays in clear (the statistics' triggers read it).
 */
export const EVENT_FREE_TEXT_KEYS = ['body', 'summary', 'reason', 'note', 'text', 'comment'] as const;

const FREE_TEXT = new Set<string>(EVENT_FREE_TEXT_KEYS);

/** An event's data split into its coded part (for `data`) and its free text (for `body`; null when none). */
export function splitEventData(data: Prisma.InputJsonObject): {
  coded: Prisma.InputJsonObject;
  texts: Record<string, string> | null;
} {
  const coded: Record<string, Prisma.InputJsonValue | null> = {};
  const texts: Record<string, string> = {};
  let any = false;
  for (const [key, value] of Object.entries(data)) {
    if (FREE_TEXT.has(key) && typeof value === 'string' && value !== '') {
      texts[key] = value;
      any = true;
    } else if (value !== undefined) {
      coded[key] = value;
    }
  }
  return { coded: coded as Prisma.InputJsonObject, texts: any ? texts : null };
}

/** The `body` of a new event with this free text (splitEventData), or null. */
export function sealEventBody(
  crypto: Sealer,
  eventId: string,
  texts: Record<string, string> | null,
): string | null {
  return texts === null ? null : crypto.encryptString(JSON.stringify(texts), eventBodyLocation(eventId));
}

/**
 * An event's data as written: its coded part with its free text put back (a body written in clear before the
 * re-encryption job ran is read as it is; an event from before the body column keeps its text in data).
 */
export async function openEventData(
  crypto: Opener,
  event: { id: string; data: Prisma.JsonValue; body: string | null },
): Promise<Prisma.JsonValue> {
  if (event.body === null) {
    return event.data;
  }
  const texts = JSON.parse(await crypto.decryptString(event.body, eventBodyLocation(event.id))) as Record<
    string,
    Prisma.JsonValue
  >;
  const data =
    event.data !== null && typeof event.data === 'object' && !Array.isArray(event.data) ? event.data : {};
  return { ...data, ...texts };
}

/** Events with their data opened (openEventData); `body` is left out, as it was never part of a reply. */
export function openEvents<T extends { id: string; data: Prisma.JsonValue; body: string | null }>(
  crypto: Opener,
  events: readonly T[],
): Promise<(Omit<T, 'body'> & { data: Prisma.JsonValue })[]> {
  return Promise.all(
    events.map(async ({ body, ...event }) => ({
      ...event,
      data: await openEventData(crypto, { id: event.id, data: event.data, body }),
    })),
  );
}

/** Where a triage result's quoted phrases are encrypted. */
export const triagePhrasesLocation = (triageId: string): FieldLocation => ({
  table: 'triage_results',
  column: 'phrases',
  rowId: triageId,
});

/**
 * The person's words a triage result quotes, keyed by where they were (the shape migration
 * 20261206050000_encrypt_triage_phrases writes): a signal's or a disagreement's phrase by its index, a category's
 * 「…」 reasons by the category's and the reason's index, the life-stage cues as they were.
 */
type TriagePhrases = {
  signals?: Record<string, string>;
  disagreements?: Record<string, string>;
  because?: Record<string, Record<string, string>>;
  cues?: string[];
};

type JsonObject = { [key: string]: Prisma.JsonValue };

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isQuote = (value: unknown): value is string => typeof value === 'string' && value.startsWith('「');

/**
 * A triage result split into its coded part (for `result`, in clear: urgency, categories and confidences, rule ids,
 * signal codes, recommendations) and the person's words it quoted (null when none). A disagreement keeps an empty
 * phrase (the field is required), as shredding leaves it; signals lose theirs; quoted reasons and cues are removed.
 */
export function splitTriageResult(result: unknown): {
  coded: Prisma.JsonValue;
  phrases: TriagePhrases | null;
} {
  if (!isObject(result)) {
    return { coded: (result ?? null) as Prisma.JsonValue, phrases: null };
  }
  const phrases: TriagePhrases = {};
  const coded: JsonObject = { ...result };
  if (Array.isArray(result['signals'])) {
    const found: Record<string, string> = {};
    coded['signals'] = result['signals'].map((signal, i) => {
      if (!isObject(signal) || typeof signal['phrase'] !== 'string') {
        return signal;
      }
      const { phrase, ...rest } = signal;
      if (phrase !== '') {
        found[String(i)] = phrase as string;
      }
      return rest;
    });
    if (Object.keys(found).length > 0) {
      phrases.signals = found;
    }
  }
  if (Array.isArray(result['disagreements'])) {
    const found: Record<string, string> = {};
    coded['disagreements'] = result['disagreements'].map((item, i) => {
      if (!isObject(item) || typeof item['phrase'] !== 'string' || item['phrase'] === '') {
        return item;
      }
      found[String(i)] = item['phrase'];
      return { ...item, phrase: '' };
    });
    if (Object.keys(found).length > 0) {
      phrases.disagreements = found;
    }
  }
  if (Array.isArray(result['categories'])) {
    const found: Record<string, Record<string, string>> = {};
    coded['categories'] = result['categories'].map((category, ci) => {
      if (!isObject(category) || !Array.isArray(category['because'])) {
        return category;
      }
      const quoted: Record<string, string> = {};
      category['because'].forEach((reason, bi) => {
        if (isQuote(reason)) {
          quoted[String(bi)] = reason;
        }
      });
      if (Object.keys(quoted).length === 0) {
        return category;
      }
      found[String(ci)] = quoted;
      return { ...category, because: category['because'].filter((reason) => !isQuote(reason)) };
    });
    if (Object.keys(found).length > 0) {
      phrases.because = found;
    }
  }
  const lifeStage = result['lifeStage'];
  if (isObject(lifeStage) && Array.isArray(lifeStage['cues']) && lifeStage['cues'].length > 0) {
    phrases.cues = lifeStage['cues'] as string[];
    coded['lifeStage'] = { ...lifeStage, cues: [] };
  }
  return { coded, phrases: Object.keys(phrases).length > 0 ? phrases : null };
}

/**
 * A new triage result as stored: its coded part and its quoted phrases sealed under the row's id (one encryption,
 * synchronous: the intake's transaction awaits nothing but the database).
 */
export function sealTriageResult(
  crypto: Sealer,
  triageId: string,
  result: unknown,
): { result: Prisma.JsonValue; phrases: string | null } {
  const { coded, phrases } = splitTriageResult(result);
  return {
    result: coded,
    phrases:
      phrases === null
        ? null
        : crypto.encryptString(JSON.stringify(phrases), triagePhrasesLocation(triageId)),
  };
}

/** A coded result with its quoted phrases put back where they were (the result as triage returned it). */
export function joinTriageResult(coded: Prisma.JsonValue, phrases: TriagePhrases): Prisma.JsonValue {
  if (!isObject(coded)) {
    return coded;
  }
  const result: JsonObject = { ...coded };
  const { signals, disagreements, because, cues } = phrases;
  if (signals && Array.isArray(coded['signals'])) {
    result['signals'] = coded['signals'].map((signal, i) => {
      const phrase = signals[String(i)];
      return phrase === undefined || !isObject(signal) ? signal : { ...signal, phrase };
    });
  }
  if (disagreements && Array.isArray(coded['disagreements'])) {
    result['disagreements'] = coded['disagreements'].map((item, i) => {
      const phrase = disagreements[String(i)];
      return phrase === undefined || !isObject(item) ? item : { ...item, phrase };
    });
  }
  if (because && Array.isArray(coded['categories'])) {
    result['categories'] = coded['categories'].map((category, ci) => {
      const quoted = because[String(ci)];
      if (quoted === undefined || !isObject(category) || !Array.isArray(category['because'])) {
        return category;
      }
      const rest = [...category['because']];
      const total = rest.length + Object.keys(quoted).length;
      const merged: Prisma.JsonValue[] = [];
      for (let i = 0; i < total; i++) {
        const quote = quoted[String(i)];
        if (quote !== undefined) {
          merged.push(quote);
        } else if (rest.length > 0) {
          merged.push(rest.shift()!);
        }
      }
      return { ...category, because: merged };
    });
  }
  const lifeStage = coded['lifeStage'];
  if (cues && isObject(lifeStage)) {
    result['lifeStage'] = { ...lifeStage, cues };
  }
  return result;
}

/**
 * A triage row with its result as triage returned it: the quoted phrases opened and put back (phrases written in
 * clear by the migration are read as they are; a row from before it keeps them in `result`). `phrases` is left out.
 */
export async function openTriageResult<T extends { result: Prisma.JsonValue; phrases: string | null }>(
  crypto: Opener,
  triageId: string,
  row: T,
): Promise<Omit<T, 'phrases'> & { result: Prisma.JsonValue }> {
  const { phrases, ...rest } = row;
  if (phrases === null) {
    return rest;
  }
  const opened = JSON.parse(
    await crypto.decryptString(phrases, triagePhrasesLocation(triageId)),
  ) as TriagePhrases;
  return { ...rest, result: joinTriageResult(row.result, opened) };
}

/** Triage rows (with their ids) opened, openTriageResult. */
export function openTriageResults<T extends { id: string; result: Prisma.JsonValue; phrases: string | null }>(
  crypto: Opener,
  rows: readonly T[],
): Promise<(Omit<T, 'phrases'> & { result: Prisma.JsonValue })[]> {
  return Promise.all(rows.map((row) => openTriageResult(crypto, row.id, row)));
}
