import { jaDate, type TAdvice, type TReferralWindow } from '@madoguchi/shared';
import type { PdfBlock, PdfModel } from './pdf/pdf-document';
import { centreFields, windowFields, type Centre } from './referral-letter';

export type ClientCopySource = {
  now: Date;
  centre: Centre;
  /** The person's own receipt number, which they quote when they call back. */
  receiptNumber: string;
  referralNumber: string;
  window: TReferralWindow;
  /** Other windows triage recommended for this case, with triage's (generic) reason. */
  otherWindows: { window: TReferralWindow; reason: string | null }[];
  advice: TAdvice | null;
};

function windowBlocks(window: TReferralWindow, reason: string | null): PdfBlock[] {
  return [
    { kind: 'subheading', text: window.name.ja },
    ...(reason ? [{ kind: 'paragraph' as const, text: reason }] : []),
    { kind: 'fields', rows: windowFields(window) },
    ...(window.notes.ja ? [{ kind: 'paragraph' as const, text: window.notes.ja, small: true }] : []),
  ];
}

/**
 * The person's copy (ご相談の控え): where to go, when they are open, and what to do and not do now. Built only from
 * the window directory, triage's general advice and the desk's own contact: no notes, no summary, nothing anyone
 * else wrote about the case, so it is safe to hand over even to someone who shares the person's phone or mailbox.
 */
export function buildClientCopy(source: ClientCopySource): PdfModel {
  const blocks: PdfBlock[] = [
    { kind: 'title', text: 'ご相談の控え' },
    {
      kind: 'paragraph',
      align: 'right',
      text: `${jaDate(source.now)}\n受付番号: ${source.receiptNumber}\n紹介番号: ${source.referralNumber}`,
    },
    {
      kind: 'paragraph',
      text: 'ご相談ありがとうございました。ご案内した相談先と、これからできることをまとめました。',
    },
    { kind: 'heading', text: 'ご案内した相談先' },
    ...windowBlocks(source.window, null),
  ];

  if (source.otherWindows.length > 0) {
    blocks.push({ kind: 'heading', text: 'ほかの相談先' });
    for (const other of source.otherWindows) {
      blocks.push(...windowBlocks(other.window, other.reason));
    }
  }

  const advice = source.advice;
  const adviceSections: [string, { ja: string }[]][] = advice
    ? [
        ['いますぐできること', advice.do],
        ['してはいけないこと', advice.doNot],
        ['残しておくもの(証拠)', advice.evidence],
      ]
    : [];
  for (const [heading, items] of adviceSections) {
    if (items.length > 0) {
      blocks.push({ kind: 'heading', text: heading });
      blocks.push({ kind: 'list', items: items.map((item) => item.ja) });
    }
  }

  blocks.push(
    { kind: 'heading', text: 'お問い合わせ' },
    { kind: 'fields', rows: centreFields(source.centre) },
    { kind: 'paragraph', text: 'お問い合わせのときは、受付番号をお伝えください。' },
    {
      kind: 'paragraph',
      text: 'いま危険がせまっているときは、すぐに110番(警察)に電話してください。',
    },
  );

  return {
    title: 'ご相談の控え',
    footer: `${source.centre.name} ご相談の控え`,
    blocks,
  };
}
