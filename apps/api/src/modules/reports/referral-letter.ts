import {
  EVIDENCE_KIND_LABELS,
  formatFileSize,
  jaDate,
  jaDateTime,
  normalizePhone,
  openingHoursLine,
  prefectureByCode,
  TROUBLE_CATEGORIES,
  ZTroubleCategory,
  type TDeskIdentity,
  type TDisclosureField,
  type TEvidenceKind,
  type TReferralConsent,
  type TReferralWindow,
} from '@madoguchi/shared';
import { letterAddressee } from './letter-addressee';
import type { PdfBlock, PdfField, PdfModel } from './pdf/pdf-document';
import { WithheldContact, type Contact, type IdentifierLike } from './withheld-contact';

/** The sender: the desk's identity (DeskIdentityService: the admin's settings, else CENTRE_*). */
export type Centre = TDeskIdentity;

/**
 * What the desk did with the person, for the window: logged calls and e-mails, the desk's messages to the
 * person and the person's replies. Never a note, and never the desk's own bookkeeping (status changes, assignment,
 * priority): those say nothing the window can act on.
 */
export type LetterAction =
  | { kind: 'contact'; at: Date; direction: string | null; channel: string | null; summary: string }
  | { kind: 'desk_message'; at: Date; body: string }
  | { kind: 'person_reply'; at: Date };

export type LetterEvidence = {
  id: string;
  name: string;
  kind: TEvidenceKind;
  sizeBytes: number;
  sha256: string;
  /** Deleted at the desk after it was shared: still listed with its hash, no longer downloadable. */
  deleted: boolean;
};

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
  /** The evidence files the consent shares (consent.evidenceFileIds), scanned clean, oldest first. */
  evidence?: LetterEvidence[];
  actions: LetterAction[];
  /**
   * The window's partner link (issued when the referral was sent): printed as a URL and a QR code so the window
   * can answer without an account. The letter is addressed to that window, so it is the one place the token goes.
   */
  partnerLink?: { url: string; expiresAt: Date } | null;
};

/** The document, the consent fields it printed, and the evidence files it lists (the window's link offers these). */
export type BuiltDocument = { model: PdfModel; fields: TDisclosureField[]; evidence: LetterEvidence[] };

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

/** A message is quoted up to this many characters: the letter says what was said, the window asks for more. */
const MESSAGE_EXCERPT = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_EXCERPT ? `${flat.slice(0, MESSAGE_EXCERPT)}…` : flat;
}

function actionLine(action: LetterAction, withheld: WithheldContact): string {
  switch (action.kind) {
    case 'desk_message':
      return `${jaDateTime(action.at)} 相談者へメッセージ(ウェブ): ${excerpt(withheld.scrub(action.body))}`;
    case 'person_reply':
      // The person's own words beyond their first description are not quoted: only that they answered.
      return `${jaDateTime(action.at)} 相談者から返信(ウェブ)`;
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
  // A local office is named from the person's prefecture only when they agreed to share it: the address on an
  // envelope or a fax cover is read by more people than the letter's recipient.
  const localPrefecture = may('prefecture') ? source.case.prefecture : null;
  const addressee = letterAddressee(window, localPrefecture);
  if (localPrefecture !== null && addressee !== letterAddressee(window, null)) {
    printed.add('prefecture');
  }

  const blocks: PdfBlock[] = [
    { kind: 'title', text: '紹介状' },
    {
      kind: 'paragraph',
      align: 'right',
      text: `${jaDate(source.now)}\n紹介番号: ${referral.referralNumber}`,
    },
    { kind: 'subheading', text: `${addressee} 御中` },
    {
      kind: 'fields',
      rows: [{ label: '窓口', value: window.name.ja }, ...windowFields(window)],
    },
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
    // The counselor's request is what the letter is for: it is written to the window (the referral form says so)
    // and goes out with every letter, cleaned of contact details the person did not agree to share.
    { kind: 'heading', text: 'ご依頼事項' },
    { kind: 'paragraph', text: withheld.scrub(referral.reason) },
  ];

  if (may('summary') && source.case.summary?.trim()) {
    blocks.push({ kind: 'heading', text: 'ご相談の概要' });
    blocks.push({ kind: 'paragraph', text: withheld.scrub(source.case.summary) });
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
    blocks.push({ kind: 'heading', text: 'これまでのご本人とのやりとり' });
    blocks.push({ kind: 'list', items: source.actions.map((action) => actionLine(action, withheld)) });
    printed.add('actions_taken');
  }

  const evidence = source.evidence ?? [];
  if (evidence.length > 0) {
    blocks.push({ kind: 'heading', text: '共有する証拠ファイル' });
    blocks.push({
      kind: 'paragraph',
      text:
        `${giver}が共有に同意したファイルです。SHA-256は、当窓口が受け取ったときのファイルの値です。` +
        'お手元のファイルの値が同じであれば、内容は受け取ったときから変わっていません。' +
        (source.partnerLink ? 'ファイルは、下記のURLのページからダウンロードできます。' : ''),
    });
    blocks.push({
      kind: 'list',
      items: evidence.map(
        (file) =>
          `${file.name}(${EVIDENCE_KIND_LABELS[file.kind].ja}、${formatFileSize(file.sizeBytes)}) SHA-256: ${file.sha256}` +
          (file.deleted ? ' ※当窓口では削除済みのため、ダウンロードできません。' : ''),
      ),
    });
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
    evidence,
  };
}

/** The person's number as people write it in Japan (090-1111-2222), from the stored E.164 form. */
function displayPhone(phone: string | undefined): string | undefined {
  return phone ? (normalizePhone(phone)?.display ?? phone) : undefined;
}
