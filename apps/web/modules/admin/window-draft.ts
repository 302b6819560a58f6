import type {
  TClosures,
  TEligibility,
  TLocalized,
  TOpeningHours,
  TPrefectureCode,
  TReferralWindow,
  TTimeRange,
  TWeeklyPeriod,
  TWindowPhone,
} from '@madoguchi/shared';

/* The window editor's form state and its translation to PATCH /windows/:slug (pure, tested alone). */

type THoursKind = TOpeningHours['kind'];

/** The editable facts of a window, as the form holds them. */
export type TDraft = {
  hoursKind: THoursKind;
  periods: TWeeklyPeriod[];
  holidayPeriods: TTimeRange[] | null;
  closures: { yearEnd: boolean; nationalHolidays: boolean; dates: string };
  minAge: string;
  maxAge: string;
  prefectures: TPrefectureCode[];
  phones: { number: string; labelJa: string; labelEn: string; noteJa: string; noteEn: string }[];
  notes: TLocalized;
  /** The window's referral address ('' for none). */
  referralEmail: string;
  lastVerifiedAt: string;
  verified: boolean;
  active: boolean;
};

export function toDraft(window: TReferralWindow): TDraft {
  const { hours } = window;
  return {
    hoursKind: hours.kind,
    periods: hours.kind === 'weekly' ? hours.periods : [],
    holidayPeriods: hours.kind === 'weekly' ? (hours.holidayPeriods ?? null) : null,
    closures: {
      yearEnd: window.closures.yearEnd,
      nationalHolidays: window.closures.nationalHolidays,
      dates: (window.closures.dates ?? []).join('\n'),
    },
    minAge: window.eligibility.minAge?.toString() ?? '',
    maxAge: window.eligibility.maxAge?.toString() ?? '',
    prefectures: window.eligibility.prefectures ?? [],
    phones: window.phones.map((phone) => ({
      number: phone.number,
      labelJa: phone.label?.ja ?? '',
      labelEn: phone.label?.en ?? '',
      noteJa: phone.note?.ja ?? '',
      noteEn: phone.note?.en ?? '',
    })),
    notes: window.notes,
    referralEmail: window.referralEmail ?? '',
    lastVerifiedAt: window.lastVerifiedAt,
    verified: window.verified,
    active: window.active,
  };
}

function localized(ja: string, en: string): TLocalized | undefined {
  return ja.trim() || en.trim() ? { ja: ja.trim() || en.trim(), en: en.trim() || ja.trim() } : undefined;
}

/** Numbers stay numbers; anything else is passed on for the schema to report. */
function age(value: string): number | string | undefined {
  const text = value.normalize('NFKC').trim();
  if (!text) {
    return undefined;
  }
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** The draft as the API's window facts (partial TReferralWindow). */
export function draftToWindowFacts(draft: TDraft): Record<string, unknown> {
  let hours: unknown;
  switch (draft.hoursKind) {
    case 'always':
    case 'unknown':
    case 'none':
      hours = { kind: draft.hoursKind };
      break;
    case 'weekly':
      hours = {
        kind: 'weekly',
        periods: draft.periods,
        ...(draft.holidayPeriods ? { holidayPeriods: draft.holidayPeriods } : {}),
      };
      break;
    default:
      return draft.hoursKind satisfies never;
  }
  const dates = draft.closures.dates
    .split(/[\s,]+/)
    .map((date) => date.trim())
    .filter(Boolean);
  const closures: TClosures = {
    yearEnd: draft.closures.yearEnd,
    nationalHolidays: draft.closures.nationalHolidays,
    ...(dates.length > 0 ? { dates } : {}),
  };
  const eligibility: Record<string, unknown> = {
    ...(age(draft.minAge) !== undefined ? { minAge: age(draft.minAge) } : {}),
    ...(age(draft.maxAge) !== undefined ? { maxAge: age(draft.maxAge) } : {}),
    ...(draft.prefectures.length > 0 ? { prefectures: draft.prefectures } : {}),
  };
  const phones: TWindowPhone[] = draft.phones
    .filter((phone) => phone.number.trim())
    .map((phone) => {
      const label = localized(phone.labelJa, phone.labelEn);
      const note = localized(phone.noteJa, phone.noteEn);
      return { number: phone.number.trim(), ...(label ? { label } : {}), ...(note ? { note } : {}) };
    });
  return {
    hours,
    closures,
    eligibility: eligibility as TEligibility,
    phones,
    notes: { ja: draft.notes.ja.trim(), en: draft.notes.en.trim() },
    // Emptied: the window gets no more e-mails (null clears the address).
    referralEmail: draft.referralEmail.normalize('NFKC').trim() || null,
    lastVerifiedAt: draft.lastVerifiedAt,
    verified: draft.verified,
    active: draft.active,
  };
}

/** Only the facts that differ from what was loaded: another admin's edit of other fields survives. */
export function changedFacts(window: TReferralWindow, draft: TDraft): Record<string, unknown> {
  const next = draftToWindowFacts(draft);
  const current = draftToWindowFacts(toDraft(window));
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key])),
  );
}
