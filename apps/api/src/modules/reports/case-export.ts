import {
  CASE_STATUS_LABELS,
  INTAKE_CHANNEL_LABELS,
  jaDateTime,
  normalizePhone,
  prefectureByCode,
  REFERRAL_METHOD_LABELS,
  REFERRAL_STATUS_LABELS,
  URGENCY_LABELS,
  ZCaseStatus,
  ZIntakeChannel,
  ZLocalized,
  ZReferralMethod,
  ZReferralStatus,
  ZUrgency,
  type TLocalized,
} from '@madoguchi/shared';
import type { PdfBlock, PdfField, PdfModel } from './pdf/pdf-document';
import { categoryLabel, type Centre } from './referral-letter';

type Json = unknown;

/** What the case export prints: the case page's content, read in one go (ReportsRepository.caseForExport). */
export type CaseExportSource = {
  now: Date;
  centre: Centre;
  exportedBy: string | null;
  case: {
    receiptNumber: string;
    status: string;
    urgency: string;
    priority: string;
    channel: string;
    summary: string | null;
    confirmedCategories: string[];
    suggestedCategories: string[];
    safetyFlags: string[];
    personAge: number | null;
    prefecture: string | null;
    tags: string[];
    followUpAt: Date | null;
    createdAt: Date;
    closedAt: Date | null;
    assignee: string | null;
  };
  description: string | null;
  contact: { name?: string; phone?: string; email?: string } | null;
  triage: { result: Json; createdAt: Date } | null;
  identifiers: { kind: string; display: string }[];
  events: { kind: string; data: Json; public: boolean; createdAt: Date; actor: string | null }[];
  referrals: {
    referralNumber: string;
    status: string;
    method: string;
    reason: string;
    createdAt: Date;
    sentAt: Date | null;
    outcomeNote: string | null;
    windowName: string;
  }[];
  /** Window slug → name, for triage's recommendations. */
  windowNames: Map<string, string>;
};

const EVENT_LABELS: Record<string, string> = {
  triage: '自動判定',
  status_change: '状態の変更',
  note: '内部メモ',
  contact: '連絡記録',
  public_message: '相談者へのメッセージ',
  referral: '紹介',
  assignment: '担当の変更',
  priority_change: '優先度の変更',
  category_change: '種類の確定',
  person_reply: 'ご本人からの返信',
};

const IDENTIFIER_LABELS: Record<string, string> = {
  phone: '電話番号',
  url: 'URL',
  domain: 'ドメイン',
  email: 'メールアドレス',
  bank_account: '口座',
  name: '名前・名乗り',
};

const SAFETY_FLAG_LABELS: Record<string, string> = {
  danger_now: 'いま危険',
  self_harm: '自傷・自殺の心配',
  threat_to_life: '命にかかわる脅し',
  intimate_images: '性的な画像',
};

const DIRECTION_LABELS: Record<string, string> = { in: '相談者から', out: 'こちらから' };
const CHANNEL_LABELS: Record<string, string> = { phone: '電話', email: 'メール', other: 'その他' };

function record(value: Json): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function label<T extends string>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } },
  labels: Readonly<Record<T, TLocalized>>,
  value: unknown,
): string {
  const parsed = schema.safeParse(value);
  return parsed.success ? labels[parsed.data].ja : typeof value === 'string' ? value : '—';
}

const statusLabel = (value: unknown) => label(ZCaseStatus, CASE_STATUS_LABELS, value);
const urgencyLabel = (value: unknown) => label(ZUrgency, URGENCY_LABELS, value);
const referralStatusLabel = (value: unknown) => label(ZReferralStatus, REFERRAL_STATUS_LABELS, value);
const methodLabel = (value: unknown) => label(ZReferralMethod, REFERRAL_METHOD_LABELS, value);

/** One line of the timeline: what happened, in the words the case page uses. */
function eventText(event: CaseExportSource['events'][number]): string {
  const data = record(event.data);
  const reason = text(data['reason']);
  const because = reason ? `(理由: ${reason})` : '';
  switch (event.kind) {
    case 'note':
    case 'public_message':
    case 'person_reply':
      return text(data['body']) ?? '';
    case 'contact': {
      const how = [
        DIRECTION_LABELS[String(data['direction'])] ?? '',
        CHANNEL_LABELS[String(data['channel'])] ?? '',
        typeof data['durationMinutes'] === 'number' ? `${data['durationMinutes']}分` : '',
      ]
        .filter(Boolean)
        .join('・');
      return `${how}\n${text(data['summary']) ?? ''}`;
    }
    case 'status_change':
      return `${statusLabel(data['from'])} → ${statusLabel(data['to'])}${because}`;
    case 'priority_change':
      return `${urgencyLabel(data['from'])} → ${urgencyLabel(data['to'])}${because}`;
    case 'assignment':
      return text(data['to']) ? '担当者を設定' : '担当を外した';
    case 'category_change': {
      const confirmed = Array.isArray(data['confirmed']) ? data['confirmed'].map(String) : [];
      return `${confirmed.map(categoryLabel).join('・')}${data['overridden'] === true ? '(判定を変更)' : ''}${because}`;
    }
    case 'referral': {
      const current = record(data['referral']);
      const name = ZLocalized.safeParse(current['windowName'] ?? data['windowName']);
      const number = text(data['referralNumber']) ?? text(current['referralNumber']) ?? '';
      const to = data['to'] ?? current['status'];
      return `${name.success ? name.data.ja : (text(data['windowSlug']) ?? '')} ${number} ${to ? referralStatusLabel(to) : ''}`.trim();
    }
    case 'triage':
      return `緊急度 ${urgencyLabel(data['urgency'])}`;
    default:
      return '';
  }
}

function who(event: CaseExportSource['events'][number]): string {
  if (event.actor) {
    return event.actor;
  }
  if (event.kind === 'person_reply') {
    return 'ご本人';
  }
  return record(event.data)['via'] === 'partner_link' ? '紹介先(リンクから)' : 'システム';
}

function displayPhone(phone: string | undefined): string | undefined {
  return phone ? (normalizePhone(phone)?.display ?? phone) : undefined;
}

/**
 * The whole case as a document for the desk's own file or a supervisor's review: everything the case page shows,
 * internal notes included. Unlike the referral letter, it never leaves the desk; the export is audited.
 */
export function buildCaseExport(source: CaseExportSource): PdfModel {
  const c = source.case;
  const blocks: PdfBlock[] = [
    { kind: 'title', text: `相談記録 ${c.receiptNumber}` },
    {
      kind: 'paragraph',
      align: 'right',
      text: `${source.centre.name}\n出力 ${jaDateTime(source.now)}${source.exportedBy ? ` ${source.exportedBy}` : ''}`,
    },
    {
      kind: 'paragraph',
      small: true,
      text: '職員用・外部持ち出し禁止。ご本人の個人情報と内部メモを含みます。保管と廃棄は窓口の規程に従ってください。',
    },
    { kind: 'heading', text: '概要' },
  ];

  const summary: PdfField[] = [
    { label: '受付番号', value: c.receiptNumber },
    { label: '状態', value: statusLabel(c.status) },
    { label: '優先度', value: `${urgencyLabel(c.priority)}(自動判定: ${urgencyLabel(c.urgency)})` },
    { label: '受付経路', value: label(ZIntakeChannel, INTAKE_CHANNEL_LABELS, c.channel) },
    { label: '受付日時', value: jaDateTime(c.createdAt) },
    ...(c.closedAt ? [{ label: '終了日時', value: jaDateTime(c.closedAt) }] : []),
    { label: '担当', value: c.assignee ?? '未割り当て' },
    ...(c.followUpAt ? [{ label: '次の確認', value: jaDateTime(c.followUpAt) }] : []),
    {
      label: '相談の種類',
      value:
        c.confirmedCategories.length > 0
          ? c.confirmedCategories.map(categoryLabel).join('、')
          : `${c.suggestedCategories.map(categoryLabel).join('、') || '—'}(未確定)`,
    },
    ...(c.safetyFlags.length > 0
      ? [{ label: '安全の注意', value: c.safetyFlags.map((f) => SAFETY_FLAG_LABELS[f] ?? f).join('、') }]
      : []),
    ...(c.tags.length > 0 ? [{ label: 'タグ', value: c.tags.join('、') }] : []),
  ];
  blocks.push({ kind: 'fields', rows: summary });
  if (c.summary?.trim()) {
    blocks.push({ kind: 'subheading', text: '相談員のまとめ' });
    blocks.push({ kind: 'paragraph', text: c.summary });
  }

  const person: PdfField[] = [
    ...(source.contact?.name ? [{ label: 'お名前', value: source.contact.name }] : []),
    ...(source.contact?.phone ? [{ label: '電話番号', value: displayPhone(source.contact.phone)! }] : []),
    ...(source.contact?.email ? [{ label: 'メールアドレス', value: source.contact.email }] : []),
    ...(c.personAge !== null ? [{ label: '年齢', value: `${c.personAge}歳` }] : []),
    ...(c.prefecture
      ? [{ label: '都道府県', value: prefectureByCode(c.prefecture)?.ja ?? c.prefecture }]
      : []),
  ];
  blocks.push({ kind: 'heading', text: 'ご相談者' });
  blocks.push(
    person.length > 0
      ? { kind: 'fields', rows: person }
      : { kind: 'paragraph', text: '連絡先などの記入はありません(匿名)。' },
  );

  blocks.push({ kind: 'heading', text: 'ご本人が書いた相談内容' });
  blocks.push({ kind: 'paragraph', text: source.description?.trim() || '(記入なし)' });

  blocks.push({ kind: 'heading', text: '自動判定' });
  blocks.push(...triageBlocks(source));

  blocks.push({ kind: 'heading', text: '相手の情報(電話番号・URLなど)' });
  blocks.push(
    source.identifiers.length > 0
      ? {
          kind: 'list',
          items: source.identifiers.map((id) => `${IDENTIFIER_LABELS[id.kind] ?? id.kind}: ${id.display}`),
        }
      : { kind: 'paragraph', text: 'ありません。' },
  );

  blocks.push({ kind: 'heading', text: '紹介' });
  if (source.referrals.length === 0) {
    blocks.push({ kind: 'paragraph', text: '紹介はありません。' });
  }
  for (const referral of source.referrals) {
    blocks.push({ kind: 'subheading', text: `${referral.referralNumber} ${referral.windowName}` });
    blocks.push({
      kind: 'fields',
      rows: [
        { label: '状態', value: referralStatusLabel(referral.status) },
        { label: '方法', value: methodLabel(referral.method) },
        { label: '作成', value: jaDateTime(referral.createdAt) },
        ...(referral.sentAt ? [{ label: '送付', value: jaDateTime(referral.sentAt) }] : []),
        { label: 'ご依頼事項', value: referral.reason },
        ...(referral.outcomeNote ? [{ label: '結果メモ', value: referral.outcomeNote }] : []),
      ],
    });
  }

  blocks.push({ kind: 'heading', text: '経過(メモ・連絡・メッセージを含む)' });
  if (source.events.length === 0) {
    blocks.push({ kind: 'paragraph', text: '記録はありません。' });
  }
  for (const event of source.events) {
    const shown = event.public && event.kind !== 'person_reply' ? '・相談者に表示' : '';
    blocks.push({
      kind: 'subheading',
      text: `${jaDateTime(event.createdAt)} ${EVENT_LABELS[event.kind] ?? event.kind}(${who(event)}${shown})`,
    });
    const body = eventText(event).trim();
    if (body) {
      blocks.push({ kind: 'paragraph', text: body });
    }
  }

  return {
    // No personal data in the title: it shows in viewers' title bars and file lists.
    title: `相談記録 ${c.receiptNumber}`,
    footer: `${source.centre.name} 相談記録 ${c.receiptNumber} 職員用`,
    blocks,
  };
}

function triageBlocks(source: CaseExportSource): PdfBlock[] {
  if (!source.triage) {
    return [{ kind: 'paragraph', text: '自動判定の記録はありません。' }];
  }
  const result = record(source.triage.result);
  const rows: PdfField[] = [
    { label: '判定日時', value: jaDateTime(source.triage.createdAt) },
    { label: '緊急度', value: urgencyLabel(result['urgency']) },
  ];
  const categories = Array.isArray(result['categories'])
    ? result['categories'].map((m) => text(record(m)['code'])).filter((code): code is string => !!code)
    : [];
  if (categories.length > 0) {
    rows.push({ label: '推定した種類', value: categories.map(categoryLabel).join('、') });
  }
  const alerts = Array.isArray(result['safetyAlerts'])
    ? result['safetyAlerts'].flatMap((a) => {
        const message = ZLocalized.safeParse(record(a)['message']);
        return message.success ? [message.data.ja] : [];
      })
    : [];
  const blocks: PdfBlock[] = [{ kind: 'fields', rows }];
  if (alerts.length > 0) {
    blocks.push({ kind: 'subheading', text: '安全の注意' });
    blocks.push({ kind: 'list', items: alerts });
  }
  const recommendations = Array.isArray(result['recommendations'])
    ? result['recommendations'].flatMap((r) => {
        const rec = record(r);
        const slug = text(rec['windowSlug']);
        const why = ZLocalized.safeParse(rec['reason']);
        return slug
          ? [`${source.windowNames.get(slug) ?? slug}${why.success ? `: ${why.data.ja}` : ''}`]
          : [];
      })
    : [];
  if (recommendations.length > 0) {
    blocks.push({ kind: 'subheading', text: '推奨した窓口' });
    blocks.push({ kind: 'list', items: recommendations });
  }
  return blocks;
}
