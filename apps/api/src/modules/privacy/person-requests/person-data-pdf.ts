import {
  csvDateTime,
  PERSON_REQUEST_KIND_LABELS,
  PERSON_REQUEST_STATUS_LABELS,
  type TPersonDataExport,
} from '@madoguchi/shared';
import type { PdfBlock, PdfModel } from '../../reports/pdf/pdf-document';

const at = (iso: string) => csvDateTime(new Date(iso));

/** A JSON value the person gave (answers, identifiers, contact) as printable lines: `key: value`, nested by dots. */
export function flatten(value: unknown, prefix = ''): { label: string; value: string }[] {
  if (value === null || value === undefined || value === '') {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => flatten(item, `${prefix}${prefix ? '.' : ''}${index + 1}`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      flatten(item, prefix ? `${prefix}.${key}` : key),
    );
  }
  return [{ label: prefix || '-', value: String(value) }];
}

/**
 * The person's own data as a PDF (開示): the same content as the JSON download, in Japanese with English
 * headings. Built only from the export, which holds nothing staff-only.
 */
export function buildPersonDataPdf(data: TPersonDataExport, deskName: string): PdfModel {
  const blocks: PdfBlock[] = [
    { kind: 'title', text: 'ご自身のデータ / Your data' },
    {
      kind: 'paragraph',
      align: 'right',
      small: true,
      text: `${deskName}\n受付番号 / Receipt ${data.receiptNumber}\n作成 / Generated ${at(data.generatedAt)}`,
    },
    {
      kind: 'paragraph',
      small: true,
      text:
        'あなたが送った相談の内容、相談員とのやりとり、送ったファイルの記録、あなたからの請求です。相談員の内部メモは含まれません。\n' +
        'What you sent, the messages with the counsellor, the files you sent and your requests. Counsellors’ internal notes are not included.',
    },
    { kind: 'heading', text: '相談 / Consultation' },
    {
      kind: 'fields',
      rows: [
        { label: '受付日時 / Received', value: at(data.consultation.receivedAt) },
        {
          label: '状況 / Status',
          value: `${data.consultation.statusLabel.ja} / ${data.consultation.statusLabel.en}`,
        },
        ...(data.dataDeletedAt
          ? [{ label: 'データの削除 / Data deleted', value: at(data.dataDeletedAt) }]
          : []),
      ],
    },
    { kind: 'heading', text: '送った内容 / What you sent' },
  ];
  if (data.submitted === null) {
    blocks.push({
      kind: 'paragraph',
      text: 'ご本人の請求または保存期間の終了により、削除しました。/ Deleted at your request or at the end of the retention period.',
    });
  } else {
    const sent = data.submitted;
    blocks.push(
      { kind: 'subheading', text: '相談内容 / Description' },
      { kind: 'paragraph', text: sent.description || '-' },
    );
    const rows = [
      ...(sent.pickedCategory ? [{ label: 'category', value: sent.pickedCategory }] : []),
      ...flatten(sent.person, 'person'),
      ...flatten(sent.answers, 'answers'),
      ...flatten(sent.identifiers, 'identifiers'),
      ...flatten(sent.contact, 'contact'),
    ];
    if (rows.length > 0) {
      blocks.push({ kind: 'subheading', text: 'その他の回答 / Other answers' }, { kind: 'fields', rows });
    }
  }
  blocks.push({ kind: 'heading', text: '相談員とのやりとり / Messages' });
  if (data.conversation.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'まだありません。/ None yet.' });
  } else {
    blocks.push({
      kind: 'table',
      columns: ['日時 / At', 'から / From', '内容 / Message'],
      widths: [95, 75, 325],
      rows: data.conversation.map((entry) => [
        at(entry.at),
        entry.from === 'desk' ? '相談員 / Counsellor' : 'あなた / You',
        entry.body,
      ]),
    });
  }
  blocks.push({ kind: 'heading', text: '送ったファイル / Files you sent' });
  if (data.files.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'ありません。/ None.' });
  } else {
    blocks.push({
      kind: 'table',
      columns: ['受信 / Received', '名前 / Name', 'SHA-256'],
      widths: [95, 130, 270],
      rows: data.files.map((file) => [at(file.receivedAt), file.name, file.sha256]),
    });
  }
  blocks.push({ kind: 'heading', text: 'あなたからの請求 / Your requests' });
  if (data.requests.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'ありません。/ None.' });
  }
  for (const request of data.requests) {
    const kind = PERSON_REQUEST_KIND_LABELS[request.kind];
    const status = PERSON_REQUEST_STATUS_LABELS[request.status];
    blocks.push({
      kind: 'fields',
      rows: [
        { label: '種類 / Kind', value: `${kind.ja} / ${kind.en}` },
        { label: '受付 / Received', value: at(request.receivedAt) },
        { label: '期限 / Due', value: at(request.dueAt) },
        { label: '状況 / Status', value: `${status.ja} / ${status.en}` },
        ...(request.decidedAt ? [{ label: '決定 / Decided', value: at(request.decidedAt) }] : []),
        ...(request.text ? [{ label: '内容 / Text', value: request.text }] : []),
        ...(request.refusalReason ? [{ label: '理由 / Reason', value: request.refusalReason }] : []),
      ],
    });
  }
  return {
    // No personal data in the metadata (it shows in viewers' title bars and file lists).
    title: `Madoguchi ${data.receiptNumber}`,
    footer: `${deskName} ご自身のデータ ${data.receiptNumber}`,
    blocks,
  };
}
