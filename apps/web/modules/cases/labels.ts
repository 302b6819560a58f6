import {
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  type TCallerRelation,
  type TCaseEventKind,
  type TDemandVia,
  type TIntakeAnswers,
  type TLocalized,
  TROUBLE_CATEGORIES,
  type TSafetyFlag,
  type TTriageSignalCode,
} from '@madoguchi/shared';

/** Labels of the staff screens (counselor wording; the public form words its questions for children). */

export function categoryLabel(code: string): TLocalized {
  return Object.hasOwn(TROUBLE_CATEGORIES, code)
    ? TROUBLE_CATEGORIES[code as keyof typeof TROUBLE_CATEGORIES].label
    : { ja: code, en: code };
}

export { DISCLOSURE_FIELD_LABELS } from '@madoguchi/shared';

export const TIMELINE_KIND_LABELS: Readonly<Record<TCaseEventKind, TLocalized>> = {
  triage: { ja: '自動判定', en: 'Triage' },
  status_change: { ja: '状態の変更', en: 'Status change' },
  note: { ja: '内部メモ', en: 'Internal note' },
  contact: { ja: '連絡記録', en: 'Contact log' },
  public_message: { ja: '相談者へのメッセージ', en: 'Message to the person' },
  referral: { ja: '紹介', en: 'Referral' },
  assignment: { ja: '担当の変更', en: 'Assignment' },
  priority_change: { ja: '優先度の変更', en: 'Priority change' },
  category_change: { ja: '種類の確定', en: 'Categories confirmed' },
  person_reply: { ja: 'ご本人からの返信', en: 'Reply from the person' },
};

export const CONTACT_DIRECTION_LABELS: Readonly<Record<(typeof CONTACT_DIRECTIONS)[number], TLocalized>> = {
  in: { ja: '相談者から', en: 'From the person' },
  out: { ja: 'こちらから', en: 'From the desk' },
};

export const CONTACT_CHANNEL_LABELS: Readonly<Record<(typeof CONTACT_CHANNELS)[number], TLocalized>> = {
  phone: { ja: '電話', en: 'Phone' },
  email: { ja: 'メール', en: 'E-mail' },
  other: { ja: 'その他', en: 'Other' },
};

type TYesNoAnswer = {
  [K in keyof TIntakeAnswers]-?: NonNullable<TIntakeAnswers[K]> extends boolean ? K : never;
}[keyof TIntakeAnswers];

/** The yes/no intake questions, most safety-relevant first (the order the counselor asks them). */
export const YES_NO_ANSWER_LABELS: Readonly<Record<TYesNoAnswer, TLocalized>> = {
  inDangerNow: { ja: 'いま身の危険がある', en: 'In danger right now' },
  threatened: { ja: '脅されている', en: 'Threatened' },
  stalked: { ja: 'つきまとい・監視されている', en: 'Followed or watched' },
  courtPapersReceived: { ja: '裁判所から書類が届いた', en: 'Received court papers' },
  paid: { ja: 'すでに支払った', en: 'Already paid' },
  personalInfoGiven: { ja: '個人情報・パスワード等を伝えた', en: 'Gave personal data or passwords' },
  contactedOtherParty: { ja: '相手に連絡した', en: 'Contacted the other party' },
  installedSoftware: { ja: 'アプリ・ソフトを入れた', en: 'Installed an app or program' },
  billingScreenPersists: { ja: '請求画面が消えない', en: 'Billing screen keeps coming back' },
};

export const YES_NO_ANSWER_KEYS = Object.keys(YES_NO_ANSWER_LABELS) as TYesNoAnswer[];

export const AMOUNT_LABELS = {
  amountRequestedYen: { ja: '請求された金額(円)', en: 'Amount demanded (yen)' },
  amountPaidYen: { ja: '支払った金額(円)', en: 'Amount paid (yen)' },
} as const satisfies Record<string, TLocalized>;

export const DEMAND_VIA_LABELS: Readonly<Record<TDemandVia, TLocalized>> = {
  sms: { ja: 'SMS', en: 'SMS' },
  email: { ja: 'メール', en: 'E-mail' },
  letter: { ja: '手紙・はがき', en: 'Letter or postcard' },
  phone: { ja: '電話', en: 'Phone' },
  web: { ja: 'ウェブサイト', en: 'Website' },
  sns: { ja: 'SNS', en: 'Social media' },
};

export const IDENTIFIER_GROUP_LABELS = {
  phones: { ja: '相手の電話番号', en: "The other party's phone numbers" },
  urls: { ja: 'URL', en: 'URLs' },
  emails: { ja: 'メールアドレス', en: 'E-mail addresses' },
  names: { ja: '名前・名乗った名称', en: 'Names used' },
  bankAccounts: { ja: '振込先の口座', en: 'Bank accounts' },
} as const satisfies Record<string, TLocalized>;

export const CONTACT_PREFERENCE_LABELS = {
  none: { ja: '連絡不要', en: 'No contact' },
  phone: { ja: '電話', en: 'Phone' },
  email: { ja: 'メール', en: 'E-mail' },
} as const satisfies Record<string, TLocalized>;

/** Who wrote or called, in relation to the affected person (the case's caller block). */
export const CALLER_RELATION_LABELS: Readonly<Record<TCallerRelation, TLocalized>> = {
  self: { ja: '本人', en: 'The person themself' },
  guardian: { ja: '親・保護者', en: 'Parent or guardian' },
  teacher: { ja: '教員・学校', en: 'Teacher or school' },
  friend: { ja: '友人', en: 'Friend' },
  relative: { ja: 'その他の家族・親族', en: 'Other relative' },
  professional: { ja: 'その他の支援者・専門職', en: 'Other professional' },
  other: { ja: 'その他', en: 'Other' },
};

export const IDENTIFIER_SOURCE_LABELS: Readonly<Record<string, TLocalized>> = {
  intake: { ja: '相談フォーム', en: 'Intake form' },
  text: { ja: '相談内容から抽出', en: 'Found in the description' },
  counselor: { ja: '相談員が追加', en: 'Added by a counselor' },
};

/** The flags on a queue row and the case page's banner: short enough to read at a glance. */
export const SAFETY_FLAG_LABELS: Readonly<Record<TSafetyFlag, TLocalized>> = {
  danger_now: { ja: '危険が迫っている', en: 'Danger now' },
  self_harm: { ja: '自殺・自傷の言葉', en: 'Self-harm words' },
  threat_to_life: { ja: '命・体への脅し', en: 'Threat to life' },
  intimate_images: { ja: '性的画像', en: 'Intimate images' },
};

/** What triage read from the answers or the text. */
export const TRIAGE_SIGNAL_LABELS: Readonly<Record<TTriageSignalCode, TLocalized>> = {
  danger_now: { ja: 'いま身の危険がある', en: 'In danger now' },
  threat_to_life: { ja: '命・体への脅し', en: 'Threat to life or body' },
  intimate_images: { ja: '性的画像', en: 'Intimate images' },
  self_harm: { ja: '自殺・自傷の言葉', en: 'Self-harm words' },
  money_paid: { ja: 'お金を払った', en: 'Money paid' },
  credentials_given: { ja: '個人情報・パスワード等を伝えた', en: 'Gave personal data or passwords' },
  app_installed: { ja: 'アプリ・ソフトを入れた', en: 'Installed an app or program' },
  court_papers: { ja: '裁判所の書類', en: 'Court papers' },
  fake_court_notice: { ja: '裁判所を名乗る偽の通知', en: 'Fake court notice' },
  contacted_them: { ja: '相手に連絡した', en: 'Contacted the other party' },
  phone_demand: { ja: '電話での請求・相手の電話番号', en: 'Demand by phone' },
  dv_context: { ja: '交際相手・元交際相手・DV', en: 'Partner, ex-partner or DV' },
  wants_poster_identified: { ja: '投稿者を特定したい', en: 'Wants the poster identified' },
  ransomware: { ja: 'ランサムウェア(身代金の要求)', en: 'Ransomware (ransom demanded)' },
};

export const SIGNAL_SOURCE_LABELS = {
  answer: { ja: '回答', en: 'Answer' },
  text: { ja: '本文', en: 'Text' },
} as const satisfies Record<string, TLocalized>;

export const LIFE_STAGE_WRITER_LABELS = {
  child: { ja: '子ども', en: 'Child' },
  adult: { ja: '大人', en: 'Adult' },
  unknown: { ja: '不明', en: 'Unknown' },
} as const satisfies Record<string, TLocalized>;
