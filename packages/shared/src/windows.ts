import { z } from 'zod';

import { type TLocalized, ZLocalized, ZTroubleCategory } from './category';
import type { TIntakePerson } from './intake.schema';
import { prefectureByCode, ZPrefectureCode } from './prefecture';

/**
 * Slugs of the windows listed in the reference directory (windows.md, at ../shared/reference/ beside the
 * repository). The triage rules refer to these, so a typo in a rule is a type error. Admins may add windows with
 * other slugs; rules simply never point at them.
 */
export const KNOWN_WINDOW_SLUGS = [
  'police-cyber',
  'consumer-188',
  'kokusen',
  'ipa-anshin',
  'jadma',
  'antiphishing',
  'police-phishing',
  'police-9110',
  'police-110',
  'childline',
  'houterasu',
  'womens-support',
  'jinken-110',
  'ihaho',
  'sia-hotline',
  'hotline-council',
  'tokyo-kurashi',
  'lawyer',
  'court',
  'child-sos-24',
  'kodomo-jinken',
  'yorisoi',
  'inochi',
  'kokoro-dial',
] as const;
export type TKnownWindowSlug = (typeof KNOWN_WINDOW_SLUGS)[number];

export const ZWindowSlug = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** A window's referral address (an e-mail address the window agreed to receive referral notices at). */
export const ZWindowEmail = z.email().max(254);

export const WINDOW_CHANNELS = ['phone', 'web_form', 'email', 'chat', 'in_person', 'post', 'fax'] as const;
export const ZWindowChannel = z.enum(WINDOW_CHANNELS);
export type TWindowChannel = z.infer<typeof ZWindowChannel>;

export const ZWindowPhone = z.strictObject({
  label: ZLocalized.optional(),
  // Dialled as written: short codes (188, #9110) are not E.164 numbers.
  number: z
    .string()
    .max(30)
    .regex(/^[#+]?\d[\d-]*$/),
  note: ZLocalized.optional(),
});
export type TWindowPhone = z.infer<typeof ZWindowPhone>;

// All times are Asia/Tokyo wall-clock times.
const ZClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/);
const ZClosingTime = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/);

/** Minutes since midnight for 'HH:MM' (24:00 → 1440). */
export function clockToMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

// Overnight periods are written as two periods (…–24:00 and 00:00–…) so each belongs to exactly one calendar day.
const ZTimeRange = z
  .strictObject({ open: ZClockTime, close: ZClosingTime })
  .refine((range) => clockToMinutes(range.open) < clockToMinutes(range.close), {
    message: 'open must be before close',
    path: ['close'],
  });
export type TTimeRange = z.infer<typeof ZTimeRange>;

export const ZWeeklyPeriod = z
  .strictObject({
    /** 0 = Sunday … 6 = Saturday, like `Date#getDay`. */
    day: z.int().min(0).max(6),
    open: ZClockTime,
    close: ZClosingTime,
  })
  .refine((period) => clockToMinutes(period.open) < clockToMinutes(period.close), {
    message: 'open must be before close',
    path: ['close'],
  });
export type TWeeklyPeriod = z.infer<typeof ZWeeklyPeriod>;

export const ZOpeningHours = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('always') }),
  z.strictObject({
    kind: z.literal('weekly'),
    periods: z.array(ZWeeklyPeriod).min(1).max(50),
    /**
     * Hours on national holidays when the window does not close for them (e.g. 188 is answered 10–16 on holidays).
     * Absent: a holiday follows its weekday's periods.
     */
    holidayPeriods: z.array(ZTimeRange).max(10).optional(),
  }),
  z.strictObject({ kind: z.literal('unknown') }),
  // Report-only services and web directories: nobody answers live, so "open" does not apply.
  z.strictObject({ kind: z.literal('none') }),
]);
export type TOpeningHours = z.infer<typeof ZOpeningHours>;

export const ZClosures = z.strictObject({
  /** Closed from 12/29 to 1/3, the usual Japanese public-sector year-end break. */
  yearEnd: z.boolean(),
  nationalHolidays: z.boolean(),
  dates: z.array(z.iso.date()).max(366).optional(),
});
export type TClosures = z.infer<typeof ZClosures>;

export const ZEligibility = z
  .strictObject({
    minAge: z.int().min(0).max(120).optional(),
    maxAge: z.int().min(0).max(120).optional(),
    prefectures: z.array(ZPrefectureCode).min(1).max(47).optional(),
  })
  .refine((e) => e.minAge === undefined || e.maxAge === undefined || e.minAge <= e.maxAge, {
    message: 'minAge must not exceed maxAge',
    path: ['maxAge'],
  });
export type TEligibility = z.infer<typeof ZEligibility>;

/** An outside consultation window (相談窓口) the desk can refer people to. */
export const ZReferralWindow = z.strictObject({
  slug: ZWindowSlug,
  name: ZLocalized,
  operator: z.string().min(1).max(200),
  phones: z.array(ZWindowPhone).max(20),
  // null for windows without a page of their own (e.g. 110, or "a lawyer").
  url: z.url({ protocol: /^https?$/ }).nullable(),
  channels: z.array(ZWindowChannel).max(WINDOW_CHANNELS.length),
  hours: ZOpeningHours,
  closures: ZClosures,
  eligibility: ZEligibility,
  categories: z.array(ZTroubleCategory),
  notes: ZLocalized,
  lastVerifiedAt: z.iso.date(),
  /** false while any fact about the window is only second-hand; the notes say which. */
  verified: z.boolean(),
  active: z.boolean(),
  /**
   * Where the desk e-mails referral notices (the partner link), only when agreed with the window; null: none.
   * Staff only: the public directory leaves it out.
   */
  referralEmail: ZWindowEmail.nullable().optional(),
});
export type TReferralWindow = z.infer<typeof ZReferralWindow>;

export type TEligibilityResult = { eligible: boolean; reasons: TLocalized[] };

/**
 * Whether the window takes this person. Unknown facts never exclude anyone: an unknown age passes an age limit.
 * `reasons` lists every failed condition (empty when eligible).
 */
export function isEligible(window: TReferralWindow, person: TIntakePerson | undefined): TEligibilityResult {
  const { minAge, maxAge, prefectures } = window.eligibility;
  const age = person?.age;
  const prefecture = person?.prefecture;
  const reasons: TLocalized[] = [];

  if (age !== undefined && minAge !== undefined && age < minAge) {
    reasons.push({
      ja: `${minAge}歳以上の人のための窓口です`,
      en: `This window is for people aged ${minAge} or older`,
    });
  }
  if (age !== undefined && maxAge !== undefined && age > maxAge) {
    reasons.push({
      ja: `${maxAge}歳までの人のための窓口です`,
      en: `This window is for people aged up to ${maxAge}`,
    });
  }
  if (prefecture !== undefined && prefectures !== undefined && !prefectures.includes(prefecture)) {
    const names = prefectures.map((code) => prefectureByCode(code));
    reasons.push({
      ja: `${names.map((p) => p?.ja ?? '').join('・')}に住んでいる・働いている・通っている人のための窓口です`,
      en: `This window is for people who live, work or study in ${names.map((p) => p?.en ?? '').join(', ')}`,
    });
  }
  return { eligible: reasons.length === 0, reasons };
}
