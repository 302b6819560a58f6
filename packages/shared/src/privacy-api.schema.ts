import { z } from 'zod';

import { ZLocalized, type TLocalized } from './category';
import { hasForbiddenControlCharacters, withinDateRange } from './intake.schema';
import { canonicalReceiptNumber } from './receipt';

/*
 * The desk's privacy records under the APPI: the register of personal-information files (個人情報ファイル簿), the
 * per-case disclosure record (提供記録) and the exposure report a leak needs (what was readable by whom).
 */

const ZDateTime = z.iso.datetime({ offset: true });

function registerText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), { params: { reason: 'control_characters' } });
}

/* ------------------------------------------------------------------------------------------ register */

/** What an admin writes into the register; the rest is derived from the system itself. */
export const ZUpdatePrivacyRegister = z.strictObject({
  /** 個人情報ファイルの名称. */
  fileName: registerText(200).pipe(z.string().min(1)),
  /** 利用目的. */
  purpose: registerText(2000).pipe(z.string().min(1)),
  /** 備考: anything else the desk records in its register (the office in charge, the ordinance it follows). */
  notes: registerText(4000),
});
export type TUpdatePrivacyRegister = z.infer<typeof ZUpdatePrivacyRegister>;

export const DEFAULT_PRIVACY_REGISTER: TUpdatePrivacyRegister = {
  fileName: 'インターネットトラブル相談記録ファイル',
  purpose:
    'インターネットトラブルの相談を受け、助言し、本人の同意を得て警察・消費生活センター等の相談窓口へ紹介し、その後の状況を確認するため。' +
    '個人を特定しない形で相談件数等の統計を作成するため。',
  notes: '',
};

/**
 * The items the system holds (記録項目), each with the tables it lives in: derived from the schema, so the register
 * says what is stored rather than what someone remembers. `specialCare`: 要配慮個人情報 (that someone was harmed by a
 * crime) may be in it.
 */
export const PRIVACY_REGISTER_ITEMS = [
  {
    key: 'description',
    label: { ja: '相談内容(本人が書いた・話した内容)', en: 'What happened, as the person wrote or told it' },
    stored: 'intakes.description, intakes.raw, cases.summary, cases.search_grams (keyed tokens)',
    specialCare: true,
  },
  {
    key: 'answers',
    label: {
      ja: '質問への回答(被害額・支払いの有無など)',
      en: 'Answers to the intake questions (amounts paid…)',
    },
    stored: 'intakes.answers',
    specialCare: true,
  },
  {
    key: 'contact',
    label: {
      ja: '連絡先(氏名・電話番号・メールアドレス・連絡方法)',
      en: 'Contact details (name, phone, e-mail)',
    },
    stored: 'intakes.contact, cases.search_exact (keyed tokens)',
    specialCare: false,
  },
  {
    key: 'identifiers',
    label: {
      ja: '相手方等の識別子(電話番号・URL・ドメイン・メール・口座・名前)',
      en: 'Identifiers (phone numbers, URLs, domains, e-mails, bank accounts, names)',
    },
    stored: 'identifiers, case_identifiers, intakes.identifiers',
    specialCare: false,
  },
  {
    key: 'age',
    label: { ja: '年齢(統計では年齢層)', en: 'Age (age band in statistics)' },
    stored: 'cases.person_age, intakes.person',
    specialCare: false,
  },
  {
    key: 'prefecture',
    label: { ja: '都道府県', en: 'Prefecture' },
    stored: 'cases.prefecture',
    specialCare: false,
  },
  {
    key: 'caller_relation',
    label: { ja: '相談者と本人の関係(本人・保護者・教員など)', en: "The caller's relation to the person" },
    stored: 'cases.caller_relation',
    specialCare: false,
  },
  {
    key: 'categories',
    label: {
      ja: '相談の種類・緊急度・安全に関わる兆候(トリアージ結果)',
      en: 'Categories, urgency and safety signals (triage)',
    },
    stored: 'cases.*_categories, cases.safety_flags, triage_results',
    specialCare: true,
  },
  {
    key: 'notes',
    label: { ja: '相談員のメモ', en: "Counselors' notes" },
    stored: 'case_events (note)',
    specialCare: true,
  },
  {
    key: 'calls',
    label: { ja: '電話・連絡の記録', en: 'Call and contact log' },
    stored: 'case_events (contact)',
    specialCare: true,
  },
  {
    key: 'messages',
    label: { ja: '本人とのメッセージ', en: 'Messages with the person' },
    stored: 'case_events (public_message, person_reply)',
    specialCare: true,
  },
  {
    key: 'person_requests',
    label: {
      ja: '本人からの訂正・利用停止(削除)の請求',
      en: "The person's requests for correction or deletion",
    },
    stored: 'person_requests',
    specialCare: true,
  },
  {
    key: 'evidence',
    label: { ja: '証拠ファイル(画面写真・PDF・メール等)', en: 'Evidence files (screenshots, PDFs, e-mails)' },
    stored: 'evidence_files, evidence store',
    specialCare: true,
  },
  {
    key: 'referrals',
    label: {
      ja: '紹介先・紹介理由・本人の同意と提供した項目',
      en: 'Referrals: window, reason, consent and the fields shared',
    },
    stored: 'referrals, referral_status_changes, disclosures',
    specialCare: true,
  },
  {
    key: 'channel_dates',
    label: { ja: '受付経路・受付日時・対応状況', en: 'Channel, dates and status of the case' },
    stored: 'cases',
    specialCare: false,
  },
] as const satisfies readonly { key: string; label: TLocalized; stored: string; specialCare: boolean }[];

/** 記録範囲 and 収集方法: whom the file is about and how the data comes in. */
export const PRIVACY_REGISTER_SCOPE: TLocalized = {
  ja: 'インターネットトラブルについて窓口に相談した人(本人のほか、保護者・教員など本人に代わって相談した人を含む)',
  en: 'People who consulted the desk about internet trouble (and guardians, teachers and others who consulted for them)',
};
export const PRIVACY_REGISTER_COLLECTION: TLocalized = {
  ja: '本人等からの直接取得:ウェブの相談フォーム、電話、チャット、メール、来所での聞き取り。証拠ファイルは本人等から受け取ったもの。',
  en: 'Directly from the person or whoever consults for them: the web form, phone, chat, e-mail and walk-in interviews; evidence files as they hand them over.',
};
/**
 * 保存期間: the retention classes (issue 17 item 2) with the desk's periods (RETENTION_STANDARD_DAYS and
 * RETENTION_SHORT_DAYS): what is shredded when, and what stays for the statistics.
 */
export function privacyRegisterRetention(days: { standardDays: number; shortDays: number }): TLocalized {
  return {
    ja:
      `相談の終了後、標準では${days.standardDays}日、短期区分では${days.shortDays}日を過ぎると、相談内容などの自由記述・連絡先・` +
      '識別子(電話番号・URL等)・証拠ファイル・検索用データを自動で消去します。統計に使う項目(分類・緊急度・受付経路・年齢・' +
      '都道府県・日付・紹介の状態・判定ルール)は残します。法的保全(リーガルホールド)中の相談は解除まで消去しません。',
    en:
      `After a case closes, its free text, contact details, identifiers (phone numbers, URLs…), evidence files and search data ` +
      `are shredded automatically after ${days.standardDays} days (standard class) or ${days.shortDays} days (short class). ` +
      'The fields the statistics read (categories, urgency, channel, age, prefecture, dates, referral statuses, triage rules) ' +
      'stay. A case on legal hold is never shredded until the hold is released.',
  };
}

/** One window in the directory as a recipient (経常的提供先), with the referrals actually made to it. */
export const ZPrivacyRecipient = z.strictObject({
  windowSlug: z.string(),
  name: ZLocalized,
  operator: z.string(),
  active: z.boolean(),
  /** Referrals created for this window (any status). */
  referrals: z.int().min(0),
  /** Referrals that were sent at least once: the person's data left the desk. */
  sent: z.int().min(0),
  /** Referral letters and copies generated for it (the disclosure ledger). */
  disclosures: z.int().min(0),
  lastSentAt: ZDateTime.nullable(),
});
export type TPrivacyRecipient = z.infer<typeof ZPrivacyRecipient>;

export const ZPrivacyRegisterItem = z.strictObject({
  key: z.string(),
  label: ZLocalized,
  stored: z.string(),
  specialCare: z.boolean(),
});

export const ZPrivacyRegister = z.strictObject({
  deskName: z.string(),
  fileName: z.string(),
  purpose: z.string(),
  notes: z.string(),
  items: z.array(ZPrivacyRegisterItem),
  scope: ZLocalized,
  collection: ZLocalized,
  retention: ZLocalized,
  recipients: z.array(ZPrivacyRecipient),
  /** When an admin last saved the free-text fields; null while the defaults are shown. */
  updatedAt: ZDateTime.nullable(),
  generatedAt: ZDateTime,
});
export type TPrivacyRegister = z.infer<typeof ZPrivacyRegister>;

/* --------------------------------------------------------------------------------- disclosure record */

/** A case as staff know it: its receipt number (with or without the hyphen, any case, full-width). */
export const ZReceiptNumberInput = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .refine((value) => canonicalReceiptNumber(value) !== null, { params: { reason: 'case_reference' } })
  .transform((value) => canonicalReceiptNumber(value)!);

export const ZDisclosureRecordParams = z.strictObject({ receiptNumber: ZReceiptNumberInput });

export const ZDisclosureEvent = z.strictObject({
  at: ZDateTime,
  /** letter: a referral letter or copy was made; partner_view / partner_download: the window used its link. */
  kind: z.enum(['referral_letter', 'client_copy', 'partner_view', 'partner_download']),
  /** The staff member who made the document; null for the window's own use of its link. */
  by: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  /** Disclosure fields in the document or shown on the link's page. */
  fields: z.array(z.string()),
  /** The evidence file downloaded (partner_download). */
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
});
export type TDisclosureEvent = z.infer<typeof ZDisclosureEvent>;

export const ZDisclosureReferral = z.strictObject({
  referralId: z.string(),
  referralNumber: z.string(),
  window: z.strictObject({ slug: z.string(), name: ZLocalized }),
  status: z.string(),
  method: z.string(),
  createdAt: ZDateTime,
  firstSentAt: ZDateTime.nullable(),
  createdBy: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  consent: z.strictObject({
    givenBy: z.string(),
    givenAt: z.string().nullable(),
    recordedBy: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
    /** Fields the person agreed to share. */
    fields: z.array(z.string()),
    evidenceFiles: z.int().min(0),
  }),
  events: z.array(ZDisclosureEvent),
  /** Whether the window ever opened its partner link / downloaded a shared file. */
  partnerViewed: z.boolean(),
  partnerDownloaded: z.boolean(),
});
export type TDisclosureReferral = z.infer<typeof ZDisclosureReferral>;

export const ZDisclosureRecord = z.strictObject({
  caseId: z.string(),
  receiptNumber: z.string(),
  referrals: z.array(ZDisclosureReferral),
  generatedAt: ZDateTime,
});
export type TDisclosureRecord = z.infer<typeof ZDisclosureRecord>;

/* ---------------------------------------------------------------------------------------- exposure */

/** Longest window one report covers: a year and a month (a leak's investigation narrows it down). */
export const MAX_EXPOSURE_RANGE_DAYS = 400;

export const ZExposureQuery = z.strictObject({
  /** Inclusive lower bound (ISO 8601 with an offset). */
  from: ZDateTime.pipe(withinDateRange(z.string())),
  /** Exclusive upper bound. */
  to: ZDateTime.pipe(withinDateRange(z.string())),
  /** Receipt numbers, comma-separated; none: every case. */
  cases: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((value) =>
      value === undefined || value === '' ? [] : value.split(',').map((part) => part.trim()),
    )
    .pipe(z.array(ZReceiptNumberInput).max(100)),
});
export type TExposureQueryInput = z.input<typeof ZExposureQuery>;
export type TExposureQuery = z.output<typeof ZExposureQuery>;

export const ZExposureActor = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('staff'), id: z.string(), name: z.string(), role: z.string().nullable() }),
  z.strictObject({ type: z.literal('partner'), windowSlug: z.string(), name: z.string() }),
  z.strictObject({ type: z.literal('unknown') }),
]);
export type TExposureActor = z.infer<typeof ZExposureActor>;

const ZExposureCount = z.strictObject({
  kind: z.string(),
  count: z.int().min(1),
  first: ZDateTime,
  last: ZDateTime,
});

export const ZExposureActorReport = z.strictObject({
  actor: ZExposureActor,
  /** Per case (receipt number; null: an export over many cases, such as the referral register). */
  cases: z.array(
    z.strictObject({
      receiptNumber: z.string().nullable(),
      kinds: z.array(ZExposureCount),
    }),
  ),
  count: z.int().min(1),
  first: ZDateTime,
  last: ZDateTime,
});
export type TExposureActorReport = z.infer<typeof ZExposureActorReport>;

export const ZExposureReport = z.strictObject({
  from: ZDateTime,
  to: ZDateTime,
  cases: z.array(z.string()),
  actors: z.array(ZExposureActorReport),
  generatedAt: ZDateTime,
});
export type TExposureReport = z.infer<typeof ZExposureReport>;

export const DISCLOSURE_EVENT_LABELS: Readonly<Record<TDisclosureEvent['kind'], TLocalized>> = {
  referral_letter: { ja: '紹介状を作成', en: 'Referral letter made' },
  client_copy: { ja: '本人用控えを作成', en: "Person's copy made" },
  partner_view: { ja: '窓口がリンクを開いた', en: 'The window opened its link' },
  partner_download: { ja: '窓口が証拠ファイルを取得', en: 'The window downloaded an evidence file' },
};
