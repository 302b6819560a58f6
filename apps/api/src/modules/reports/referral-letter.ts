import {
  CASE_STATUS_LABELS,
  jaDate,
  jaDateTime,
  normalizePhone,
  openingHoursLine,
  prefectureByCode,
  TROUBLE_CATEGORIES,
  ZCaseStatus,
  ZTroubleCategory,
  type TDisclosureField,
  type TReferralConsent,
  type TReferralWindow,
} from '@madoguchi/shared';
import type { PdfBlock, PdfField, PdfModel } from './pdf/pdf-document';
import { WithheldContact, type Contact, type IdentifierLike } from './withheld-contact';

export type Centre = { name: string; phone: string; address: string; email: string };

/** A step on the case's timeline that may go into a letter: never a note, never a public message. */
export type LetterAction =
  | { kind: 'status_change'; at: Date; from: string | null; to: string }
  | { kind: 'contact'; at: Date; direction: string | null; channel: string | null; summary: string };

export type LetterSource = {
  now: Date;
  centre: Centre;
  referral: { referralNumber: string; reason: string; consent: TReferralConsent };
  window: TReferralWindow;
  /** The counselor who made the referral and recorded the consent. */
  counselorName: string | null;
  case: {
    summary: string | null;
    confirmedCategories: string[];
    suggestedCategories: string[];
    personAge: number | null;
    prefecture: string | null;
  };
  /**
   * The parts below are loaded only when the consent names them (see ReportsService); the builder checks the
   * consent again, so a caller that loads too much still prints nothing more.
   */
  description: string | null;
  /** Always loaded: withheld details are taken out of the free text that does go out (see WithheldContact). */
  contact: Contact | null;
  identifiers: IdentifierLike[];
  actions: LetterAction[];
  /**
   * The window's partner link (issued when the referral was sent): printed as a URL and a QR code so the window
   * can answer without an account. The letter is addressed to that window, so it is the one place the token goes.
   */
  partnerLink?: { url: string; expiresAt: Date } | null;
};

export type BuiltDocument = { model: PdfModel; fields: TDisclosureField[] };

const IDENTIFIER_LABELS: Record<string, string> = {
  phone: '電話番号',
  url: 'URL',
  domain: 'ドメイン',
  email: 'メールアドレス',
  bank_account: '口座',
  name: '名前・名乗り',
};

const DIRECTION_LABELS: Record<string, string> = { in: '相談者から', out: '相談者へ' };
const CHANNEL_LABELS: Record<string, string> = { phone: '電話', email: 'メール', other: 'その他' };

export function categoryLabel(code: string): string {
  const parsed = ZTroubleCategory.safeParse(code);
  return parsed.success ? TROUBLE_CATEGORIES[parsed.data].label.ja : code;
}

function statusLabel(status: string | null): string {
  const parsed = ZCaseStatus.safeParse(status);
  return parsed.success ? CASE_STATUS_LABELS[parsed.data].ja : '—';
}

/** The categories the desk stands behind: the counselor's, else triage's first suggestion. */
export function reportedCategories(c: {
  confirmedCategories: string[];
  suggestedCategories: string[];
}): string[] {
  return c.confirmedCategories.length > 0 ? c.confirmedCategories : c.suggestedCategories.slice(0, 1);
}

export function windowFields(window: TReferralWindow): PdfField[] {
  const rows: PdfField[] = [];
  if (window.phones.length > 0) {
    rows.push({
      label: '電話',
      value: window.phones
        .map((phone) => {
          const label = phone.label ? `${phone.label.ja}: ` : '';
          const note = phone.note ? `(${phone.note.ja})` : '';
          return `${label}${phone.number}${note}`;
        })
        .join('\n'),
    });
  }
  rows.push({ label: '受付時間', value: openingHoursLine(window) });
  if (window.url) {
    rows.push({ label: 'ウェブサイト', value: window.url });
  }
  return rows;
}

export function centreFields(centre: Centre): PdfField[] {
  return [
    { label: '名称', value: centre.name },
    { label: '住所', value: centre.address },
    { label: '電話', value: centre.phone },
    { label: 'メール', value: centre.email },
  ].filter((row) => row.value.trim() !== '');
}

function actionLine(action: LetterAction, withheld: WithheldContact): string {
  switch (action.kind) {
    case 'status_change':
      return `${jaDate(action.at)} 対応状況を「${statusLabel(action.from)}」から「${statusLabel(action.to)}」に変更`;
    case 'contact': {
      const how = [
        CHANNEL_LABELS[action.channel ?? ''] ?? '連絡',
        DIRECTION_LABELS[action.direction ?? ''] ?? '',
      ].join('');
      return `${jaDateTime(action.at)} ${how}: ${withheld.scrub(action.summary)}`;
    }
    default:
      return action satisfies never;
  }
}

/**
 * The referral letter (紹介状). It carries only what the recorded consent lets go to this window: a field the
 * person did not agree to share is not printed at all (no label, no "redacted"), and the returned `fields` are
 * the ones that were printed, for the disclosure record. Free text is cleaned of withheld contact details.
 */
export function buildReferralLetter(source: LetterSource): BuiltDocument {
  const { referral, window, centre } = source;
  const allowed = new Set(referral.consent.fields);
  const withheld = new WithheldContact(source.contact, allowed);
  const printed = new Set<TDisclosureField>();
  const may = (field: TDisclosureField) => allowed.has(field);
  const giver = referral.consent.givenBy === 'guardian' ? '保護者の方' : 'ご本人';

  const blocks: PdfBlock[] = [
    { kind: 'title', text: '紹介状' },
    {
      kind: 'paragraph',
      align: 'right',
      text: `${jaDate(source.now)}\n紹介番号: ${referral.referralNumber}`,
    },
    { kind: 'subheading', text: `${window.name.ja} 御中` },
    { kind: 'fields', rows: windowFields(window) },
    { kind: 'heading', text: '紹介元' },
    {
      kind: 'fields',
      rows: [
        ...centreFields(centre),
        ...(source.counselorName ? [{ label: '担当相談員', value: source.counselorName }] : []),
      ],
    },
    {
      kind: 'paragraph',
      text:
        `いつもお世話になっております。下記のご相談について、${giver}の同意(${jaDate(new Date(referral.consent.givenAt))})を得て、貴窓口をご紹介いたします。` +
        'ご対応のほど、よろしくお願い申し上げます。' +
        (allowed.size === 0 ? '\nご相談の内容は、ご本人から直接お伝えいただきます。' : ''),
    },
  ];

  if (may('summary')) {
    if (source.case.summary?.trim()) {
      blocks.push({ kind: 'heading', text: 'ご相談の概要' });
      blocks.push({ kind: 'paragraph', text: withheld.scrub(source.case.summary) });
    }
    // The reason says what the person needs from the window; it describes their situation, so it goes out only
    // with the summary.
    blocks.push({ kind: 'heading', text: 'ご依頼事項(紹介の理由)' });
    blocks.push({ kind: 'paragraph', text: withheld.scrub(referral.reason) });
    printed.add('summary');
  }

  const categories = reportedCategories(source.case);
  if (may('categories') && categories.length > 0) {
    blocks.push({ kind: 'heading', text: 'ご相談の種類' });
    blocks.push({ kind: 'paragraph', text: categories.map(categoryLabel).join('、') });
    printed.add('categories');
  }

  const person: PdfField[] = [];
  const addPerson = (field: TDisclosureField, label: string, value: string | null | undefined) => {
    if (may(field) && value) {
      person.push({ label, value });
      printed.add(field);
    }
  };
  addPerson('contact_name', 'お名前', source.contact?.name);
  addPerson('contact_phone', '電話番号', displayPhone(source.contact?.phone));
  addPerson('contact_email', 'メールアドレス', source.contact?.email);
  addPerson('age', '年齢', source.case.personAge === null ? null : `${source.case.personAge}歳`);
  addPerson(
    'prefecture',
    'お住まいの都道府県',
    source.case.prefecture === null ? null : (prefectureByCode(source.case.prefecture)?.ja ?? null),
  );
  if (person.length > 0) {
    blocks.push({ kind: 'heading', text: 'ご相談者について' });
    blocks.push({ kind: 'fields', rows: person });
  }

  if (may('description') && source.description?.trim()) {
    blocks.push({ kind: 'heading', text: 'ご本人が書いた相談内容' });
    blocks.push({ kind: 'paragraph', text: withheld.scrub(source.description) });
    printed.add('description');
  }

  const identifiers = may('identifiers') ? source.identifiers.filter((id) => !withheld.isWithheld(id)) : [];
  if (identifiers.length > 0) {
    blocks.push({ kind: 'heading', text: '関係する連絡先・URLなど' });
    blocks.push({
      kind: 'list',
      items: identifiers.map(
        (id) => `${IDENTIFIER_LABELS[id.kind] ?? id.kind}: ${withheld.scrub(id.display)}`,
      ),
    });
    printed.add('identifiers');
  }

  if (may('actions_taken') && source.actions.length > 0) {
    blocks.push({ kind: 'heading', text: 'これまでの対応' });
    blocks.push({ kind: 'list', items: source.actions.map((action) => actionLine(action, withheld)) });
    printed.add('actions_taken');
  }

  if (source.partnerLink) {
    blocks.push({ kind: 'heading', text: '受付・対応結果のご連絡のお願い' });
    blocks.push({
      kind: 'paragraph',
      text:
        'お手数ですが、下記のURLまたはQRコードから、受付・対応完了・お断りをお知らせください(アカウントは不要です)。' +
        `このリンクは${jaDate(source.partnerLink.expiresAt)}まで有効です。このリンクは貴窓口宛てのものです。第三者に渡さないでください。`,
    });
    blocks.push({ kind: 'qr', text: source.partnerLink.url });
  }

  blocks.push({ kind: 'paragraph', align: 'right', text: '以上' });
  blocks.push({
    kind: 'paragraph',
    small: true,
    text: 'この紹介状には、ご相談者が同意した項目だけを記載しています。ほかの情報が必要なときは、ご相談者の同意を得たうえで紹介元にお問い合わせください。',
  });

  return {
    model: {
      title: `紹介状 ${referral.referralNumber}`,
      footer: `${centre.name} 紹介状 ${referral.referralNumber}`,
      blocks,
    },
    fields: referral.consent.fields.filter((field) => printed.has(field)),
  };
}

/** The person's number as people write it in Japan (090-1111-2222), from the stored E.164 form. */
function displayPhone(phone: string | undefined): string | undefined {
  return phone ? (normalizePhone(phone)?.display ?? phone) : undefined;
}
