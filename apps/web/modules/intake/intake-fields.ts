import {
  DEMAND_VIA_CODES,
  type TCallerRelation,
  type TDemandVia,
  type TIntakeAnswers,
  type TLocalized,
  type TTroubleCategory,
} from '@madoguchi/shared';

/*
 * The consultation form's fields and steps. A field's `name` is its path in the API's request body
 * ('person.age'), so an error the API reports for a path lands on the field of that name.
 * Wording: plain Japanese a child can follow (short sentences, everyday words, hiragana where a kanji
 * would stop a young reader), English under it.
 */

export const INTAKE_STEPS = ['what', 'questions', 'about', 'contact', 'confirm'] as const;
export type TIntakeStep = (typeof INTAKE_STEPS)[number];

export const STEP_TITLES: Readonly<Record<TIntakeStep, TLocalized>> = {
  what: { ja: 'なにがあったか', en: 'What happened' },
  questions: { ja: 'いくつかの質問', en: 'A few questions' },
  about: { ja: 'だれのことか', en: 'Who it is about' },
  contact: { ja: '連絡先', en: 'How we can reach you' },
  confirm: { ja: 'たしかめて送る', en: 'Check and send' },
};

export type TYesNoKey = {
  [K in keyof TIntakeAnswers]-?: NonNullable<TIntakeAnswers[K]> extends boolean ? K : never;
}[keyof TIntakeAnswers];
export type TAmountKey = 'amountRequestedYen' | 'amountPaidYen';
export type TQuestionKey = TYesNoKey | TAmountKey | 'demandVia';

export const YES_NO_QUESTIONS: Readonly<Record<TYesNoKey, TLocalized>> = {
  inDangerNow: {
    ja: 'いま、あぶない目にあいそうですか?(身の危険を感じていますか)',
    en: 'Are you in danger right now?',
  },
  threatened: {
    ja: 'おどされましたか?(「ばらすぞ」「お金をはらえ」などと言われた)',
    en: 'Have you been threatened (for example "we will expose you" or "pay up")?',
  },
  stalked: {
    ja: 'つきまとわれたり、見はられたりしていますか?',
    en: 'Is someone following or watching you?',
  },
  paid: {
    ja: 'もうお金をはらいましたか?(電子マネーやギフトカードもふくみます)',
    en: 'Have you already paid any money (including e-money or gift cards)?',
  },
  personalInfoGiven: {
    ja: '名前・住所・電話番号・パスワード・カード番号などを、相手に教えたり入力したりしましたか?',
    en: 'Did you give them, or type in, your name, address, phone number, password or card number?',
  },
  contactedOtherParty: {
    ja: '相手に電話やメール、メッセージをしましたか?',
    en: 'Have you called, mailed or messaged them?',
  },
  installedSoftware: {
    ja: 'サイトやメッセージに言われて、アプリやソフトを入れましたか?',
    en: 'Did you install an app or program because a site or message told you to?',
  },
  billingScreenPersists: {
    ja: 'お金をはらうように言う画面が、消しても何度も出てきますか?',
    en: 'Does a screen asking for money keep coming back after you close it?',
  },
  courtPapersReceived: {
    ja: '裁判所からの書類(「特別送達」の封筒など)がとどきましたか?',
    en: 'Have you received papers from a court (such as a "special delivery" envelope)?',
  },
};

export const AMOUNT_QUESTIONS: Readonly<Record<TAmountKey, TLocalized>> = {
  amountRequestedYen: { ja: 'いくら請求されていますか?(円)', en: 'How much are they asking for? (yen)' },
  amountPaidYen: { ja: 'いくらはらいましたか?(円)', en: 'How much have you paid? (yen)' },
};

export const DEMAND_VIA_QUESTION: TLocalized = {
  ja: '相手からの連絡は、どうやって来ましたか?(あてはまるものをすべて)',
  en: 'How did they contact you? (choose all that apply)',
};

export const DEMAND_VIA_LABELS: Readonly<Record<TDemandVia, TLocalized>> = {
  sms: { ja: 'SMS(ショートメール)', en: 'SMS (text message)' },
  email: { ja: 'メール', en: 'E-mail' },
  letter: { ja: '手紙・はがき', en: 'Letter or postcard' },
  phone: { ja: '電話', en: 'Phone call' },
  web: { ja: 'ウェブサイトの画面', en: 'A screen on a website' },
  sns: { ja: 'SNS・LINEなど', en: 'Social media, LINE and similar' },
};
export { DEMAND_VIA_CODES };

// Asked whatever the trouble, first: a person in danger must be pointed at 110 at once.
const ALWAYS: readonly TQuestionKey[] = ['inDangerNow'];

/** Which questions matter for each kind of trouble (with JavaScript; without it every question is shown). */
const RELEVANT: Readonly<Record<TTroubleCategory | 'none', readonly TQuestionKey[]>> = {
  online_fraud: ['paid', 'amountPaidYen', 'personalInfoGiven', 'contactedOtherParty', 'demandVia'],
  fictitious_billing: [
    'paid',
    'amountRequestedYen',
    'amountPaidYen',
    'contactedOtherParty',
    'installedSoftware',
    'billingScreenPersists',
    'courtPapersReceived',
    'demandVia',
  ],
  online_shopping: ['paid', 'amountPaidYen', 'personalInfoGiven', 'contactedOtherParty'],
  malware_unauthorized_access: [
    'installedSoftware',
    'billingScreenPersists',
    'personalInfoGiven',
    'paid',
    'amountPaidYen',
  ],
  phishing: ['personalInfoGiven', 'paid', 'amountPaidYen', 'demandVia'],
  defamation: ['threatened', 'stalked', 'contactedOtherParty'],
  sns_threat_stalking: [
    'threatened',
    'stalked',
    'paid',
    'amountRequestedYen',
    'amountPaidYen',
    'contactedOtherParty',
    'demandVia',
  ],
  child_bullying: ['threatened', 'stalked'],
  dating_site_fraud: ['paid', 'amountPaidYen', 'personalInfoGiven', 'contactedOtherParty'],
  court_notice: ['courtPapersReceived', 'amountRequestedYen', 'paid', 'contactedOtherParty'],
  other: ['threatened', 'paid', 'personalInfoGiven', 'installedSoftware'],
  none: ['threatened', 'paid', 'personalInfoGiven', 'installedSoftware'],
};

export function relevantQuestions(category: TTroubleCategory | undefined): ReadonlySet<TQuestionKey> {
  return new Set([...ALWAYS, ...RELEVANT[category ?? 'none']]);
}

/** Every question in the order the form asks them. */
export const QUESTION_ORDER: readonly TQuestionKey[] = [
  'inDangerNow',
  'threatened',
  'stalked',
  'courtPapersReceived',
  'installedSoftware',
  'billingScreenPersists',
  'personalInfoGiven',
  'contactedOtherParty',
  'paid',
  'amountRequestedYen',
  'amountPaidYen',
  'demandVia',
];

/**
 * 「どなたのことですか」: the public form's choices for `caller.relation`. A parent, teacher or friend writing
 * for someone else gets the windows that take them (never Childline for a parent); the age asked next is then
 * the affected person's. The phone form offers every relation (see CALLER_RELATION_LABELS in cases/labels).
 */
export const CALLER_QUESTION: TLocalized = { ja: 'どなたのことですか?', en: 'Who is this about?' };
export const PUBLIC_CALLER_CHOICES = [
  'self',
  'guardian',
  'teacher',
  'friend',
  'other',
] as const satisfies readonly TCallerRelation[];
export const PUBLIC_CALLER_LABELS: Readonly<Record<(typeof PUBLIC_CALLER_CHOICES)[number], TLocalized>> = {
  self: { ja: 'わたし自身のこと', en: 'Myself' },
  guardian: { ja: 'わたしの子どものこと', en: 'My child' },
  teacher: { ja: '生徒(児童)のこと', en: 'A student' },
  friend: { ja: '友だちのこと', en: 'A friend' },
  other: { ja: 'ほかの人のこと', en: 'Someone else' },
};

export const IDENTIFIER_FIELDS = ['phones', 'urls', 'emails', 'names', 'bankAccounts'] as const;
export type TIdentifierField = (typeof IDENTIFIER_FIELDS)[number];

export const IDENTIFIER_LABELS: Readonly<Record<TIdentifierField, TLocalized>> = {
  phones: { ja: '相手の電話番号', en: 'Their phone numbers' },
  urls: { ja: 'サイトのURL(アドレス)', en: 'Website addresses (URLs)' },
  emails: { ja: '相手のメールアドレス', en: 'Their e-mail addresses' },
  names: { ja: '相手の名前・会社名・アカウント名', en: 'Their names, company names or account names' },
  bankAccounts: { ja: 'お金の振込先(銀行・口座番号)', en: 'Bank accounts they asked you to pay into' },
};

/** Labels for the error summary ("年齢: …"), by field name. */
export function fieldLabel(name: string): TLocalized | undefined {
  const [group, key] = name.split('.');
  switch (group) {
    case 'description':
      return { ja: 'なにがあったか', en: 'What happened' };
    case 'category':
      return { ja: '困っていることの種類', en: 'Kind of trouble' };
    case 'answers':
      if (key === 'demandVia') {
        return { ja: '相手からの連絡', en: 'How they contacted you' };
      }
      if (key === 'amountRequestedYen' || key === 'amountPaidYen') {
        return AMOUNT_QUESTIONS[key];
      }
      return key && key in YES_NO_QUESTIONS ? YES_NO_QUESTIONS[key as TYesNoKey] : undefined;
    case 'identifiers':
      return key && key in IDENTIFIER_LABELS ? IDENTIFIER_LABELS[key as TIdentifierField] : undefined;
    case 'caller':
      return CALLER_QUESTION;
    case 'person':
      return key === 'age' ? { ja: '年齢', en: 'Age' } : { ja: '住んでいる都道府県', en: 'Prefecture' };
    case 'contact':
      switch (key) {
        case 'name':
          return { ja: '名前', en: 'Name' };
        case 'phone':
          return { ja: '電話番号', en: 'Phone number' };
        case 'email':
          return { ja: 'メールアドレス', en: 'E-mail address' };
        default:
          return { ja: '連絡の方法', en: 'How to contact you' };
      }
    case 'consentToShare':
      return { ja: '窓口に伝えることへの同意', en: 'Consent to share' };
    default:
      return undefined;
  }
}

/** The form's field names, each in the step that shows it. */
export const FIELD_STEPS: Readonly<Record<string, TIntakeStep>> = {
  category: 'what',
  description: 'what',
  ...Object.fromEntries(IDENTIFIER_FIELDS.map((field) => [`identifiers.${field}`, 'what' as const])),
  ...Object.fromEntries(QUESTION_ORDER.map((key) => [`answers.${key}`, 'questions' as const])),
  'caller.relation': 'about',
  'person.age': 'about',
  'person.prefecture': 'about',
  'contact.preferred': 'contact',
  'contact.name': 'contact',
  'contact.phone': 'contact',
  'contact.email': 'contact',
  consentToShare: 'contact',
};

/**
 * The form field an error path belongs to: 'identifiers.phones.2' → 'identifiers.phones', 'contact' →
 * 'contact.preferred'. Undefined for a path no field shows (the summary still lists the message).
 */
export function fieldForErrorPath(path: string): string | undefined {
  const segments = path.split('.');
  for (let length = segments.length; length > 0; length -= 1) {
    const name = segments.slice(0, length).join('.');
    if (name in FIELD_STEPS) {
      return name;
    }
  }
  if (segments[0] === 'contact') {
    return 'contact.preferred';
  }
  return undefined;
}
