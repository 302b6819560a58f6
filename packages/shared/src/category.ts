import { z } from 'zod';

/** A user-facing string in both languages; Japanese is always shown first. */
export const ZLocalized = z.strictObject({
  ja: z.string().min(1).max(2000),
  en: z.string().min(1).max(2000),
});
export type TLocalized = { ja: string; en: string };

// Codes are stored in the database and referred to by the triage rules: never rename one, add new ones instead.
export const TROUBLE_CATEGORY_CODES = [
  'online_fraud',
  'fictitious_billing',
  'online_shopping',
  'malware_unauthorized_access',
  'phishing',
  'defamation',
  'sns_threat_stalking',
  'child_bullying',
  'dating_site_fraud',
  'court_notice',
  'other',
] as const;

export const ZTroubleCategory = z.enum(TROUBLE_CATEGORY_CODES);
export type TTroubleCategory = z.infer<typeof ZTroubleCategory>;

export type TTroubleCategoryInfo = { code: TTroubleCategory; label: TLocalized; examples: TLocalized };

export const TROUBLE_CATEGORIES: Readonly<Record<TTroubleCategory, TTroubleCategoryInfo>> = {
  online_fraud: {
    code: 'online_fraud',
    label: { ja: 'ネット詐欺', en: 'Online fraud' },
    examples: {
      ja: '副業・投資・当選をうたう話でお金をだまし取られた など',
      en: 'Side-job, investment or prize scams that took your money, and similar',
    },
  },
  fictitious_billing: {
    code: 'fictitious_billing',
    label: { ja: '架空請求・ワンクリック詐欺', en: 'Fictitious billing / one-click fraud' },
    examples: {
      ja: '身に覚えのない請求、アダルトサイトで「登録完了」と出て料金を求められた など',
      en: 'Bills for things you never used, an adult site saying "registration complete" and asking for money, and similar',
    },
  },
  online_shopping: {
    code: 'online_shopping',
    label: { ja: '通販トラブル・通販詐欺', en: 'Online shopping trouble / fake shops' },
    examples: {
      ja: 'お金を払ったのに商品が届かない、偽物が届いた、返品できない など',
      en: 'Paid but nothing arrived, a fake item arrived, a return is refused, and similar',
    },
  },
  malware_unauthorized_access: {
    code: 'malware_unauthorized_access',
    label: { ja: 'ウイルス・不正アクセス', en: 'Malware / unauthorized access' },
    examples: {
      ja: 'ウイルスに感染した、請求画面が消えない(ワンクリックウェア)、アカウントを乗っ取られた など',
      en: 'A virus infection, a billing screen that keeps coming back (one-click-ware), a hijacked account, and similar',
    },
  },
  phishing: {
    code: 'phishing',
    label: { ja: 'フィッシング', en: 'Phishing' },
    examples: {
      ja: '銀行・カード会社・宅配業者を名乗るメールやSMSから、偽のサイトにパスワードなどを入れてしまった など',
      en: 'A mail or SMS pretending to be a bank, card company or delivery firm led you to a fake site, and similar',
    },
  },
  defamation: {
    code: 'defamation',
    label: { ja: '誹謗中傷・風評被害', en: 'Defamation / harmful posts' },
    examples: {
      ja: 'ネットに悪口やうその情報を書かれた、個人情報をさらされた など',
      en: 'Insults or false information posted about you, your personal details exposed, and similar',
    },
  },
  sns_threat_stalking: {
    code: 'sns_threat_stalking',
    label: { ja: '脅迫・恐喝・ストーカー・嫌がらせ', en: 'Threats, extortion, stalking, harassment' },
    examples: {
      ja: 'SNSなどで脅された、お金を要求された、つきまとわれている など',
      en: 'Threatened on social media, asked for money under threat, followed or watched, and similar',
    },
  },
  child_bullying: {
    code: 'child_bullying',
    label: { ja: 'ネットいじめ', en: 'Online bullying' },
    examples: {
      ja: 'LINEやSNSで仲間外れにされた、悪口を書かれた など',
      en: 'Left out of a group chat, insulted on LINE or social media, and similar',
    },
  },
  dating_site_fraud: {
    code: 'dating_site_fraud',
    label: { ja: '出会い系・サクラサイト', en: 'Dating / "sakura" site fraud' },
    examples: {
      ja: 'ポイントを買い続けても会えない、連絡先を交換できない など',
      en: 'You keep buying points but never get to meet or swap contact details, and similar',
    },
  },
  court_notice: {
    code: 'court_notice',
    label: { ja: '裁判所からの書類', en: 'Papers from a court' },
    examples: {
      ja: '「特別送達」の封筒、訴状、支払督促が届いた など',
      en: 'A "special delivery" envelope, a complaint or a payment order from a court arrived, and similar',
    },
  },
  other: {
    code: 'other',
    label: { ja: 'その他・わからない', en: 'Other / not sure' },
    examples: {
      ja: 'どれに当てはまるかわからないときはこちら',
      en: 'Choose this if you are not sure which one fits',
    },
  },
};

// Ordered from most to least urgent so the index doubles as a rank.
export const URGENCY_LEVELS = ['emergency', 'high', 'normal', 'low'] as const;
export const ZUrgency = z.enum(URGENCY_LEVELS);
export type TUrgency = z.infer<typeof ZUrgency>;

export const URGENCY_LABELS: Readonly<Record<TUrgency, TLocalized>> = {
  emergency: { ja: '緊急', en: 'Emergency' },
  high: { ja: '高', en: 'High' },
  normal: { ja: '通常', en: 'Normal' },
  low: { ja: '低', en: 'Low' },
};

/** Larger is more urgent: emergency 3, high 2, normal 1, low 0. */
export function urgencyRank(urgency: TUrgency): number {
  switch (urgency) {
    case 'emergency':
      return 3;
    case 'high':
      return 2;
    case 'normal':
      return 1;
    case 'low':
      return 0;
    default:
      return urgency satisfies never;
  }
}

/** Comparator that sorts the most urgent first. */
export function compareUrgency(a: TUrgency, b: TUrgency): number {
  return urgencyRank(b) - urgencyRank(a);
}

export function maxUrgency(a: TUrgency, b: TUrgency): TUrgency {
  return urgencyRank(a) >= urgencyRank(b) ? a : b;
}

export const INTAKE_CHANNELS = ['web', 'phone', 'chat', 'email', 'walk_in'] as const;
export const ZIntakeChannel = z.enum(INTAKE_CHANNELS);
export type TIntakeChannel = z.infer<typeof ZIntakeChannel>;

export const INTAKE_CHANNEL_LABELS: Readonly<Record<TIntakeChannel, TLocalized>> = {
  web: { ja: 'ウェブの相談フォーム', en: 'Web form' },
  phone: { ja: '電話', en: 'Phone' },
  chat: { ja: 'チャット', en: 'Chat' },
  email: { ja: 'メール', en: 'E-mail' },
  walk_in: { ja: '窓口に来所', en: 'Walk-in' },
};
