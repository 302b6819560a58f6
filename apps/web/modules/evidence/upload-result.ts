import { EVIDENCE_REFUSALS, type TEvidenceRefusal, type TLocalized } from '@madoguchi/shared';

/*
 * The outcome of the case page's upload form, carried in the query of the 303 back to the page (the form
 * posts without JavaScript): `?evidence=added&count=2`, `?evidence=refused&reason=…&file=…`,
 * `?evidence=failed`.
 */

export const EVIDENCE_RESULT_PARAM = 'evidence';

export type TEvidenceResultQuery =
  | { evidence: 'added'; count: string }
  | { evidence: 'refused'; reason: string; file?: string | undefined }
  | { evidence: 'failed' };

export type TUploadNotice = { tone: 'success' | 'error'; message: TLocalized };

const REFUSAL_MESSAGES: Record<TEvidenceRefusal, (ja: string, en: string) => TLocalized> = {
  evidence_file_too_large: (ja, en) => ({
    ja: `${ja}は大きすぎます。`,
    en: `${en} is too large.`,
  }),
  evidence_too_many_files: () => ({
    ja: 'この相談に追加できるファイルの数を超えます。',
    en: 'That is more files than this case may hold.',
  }),
  evidence_type_not_allowed: (ja, en) => ({
    ja: `${ja}は受け付けられない形式です(画像・PDF・テキスト・保存したメールのみ。名前ではなく中身で判定します)。`,
    en: `${en} is not an accepted format (images, PDFs, plain text and saved e-mails only; the content decides, not the name).`,
  }),
  evidence_file_empty: (ja, en) => ({
    ja: `${ja}は空です(0バイト)。`,
    en: `${en} is empty (0 bytes).`,
  }),
  evidence_no_file: () => ({ ja: 'ファイルが選ばれていません。', en: 'No file was chosen.' }),
  evidence_malformed: () => ({
    ja: '送信が途中で切れたか、形式が正しくありません。',
    en: 'The upload was cut off or is malformed.',
  }),
};

const NOTHING_KEPT: TLocalized = {
  ja: '送信したファイルはどれも保存していません。',
  en: 'None of the files sent were kept.',
};

function isRefusal(reason: string | null): reason is TEvidenceRefusal {
  return (EVIDENCE_REFUSALS as readonly string[]).includes(reason ?? '');
}

/** What the page says about the last upload, from its query; null when there was none. */
export function uploadNotice(params: Pick<URLSearchParams, 'get'>): TUploadNotice | null {
  switch (params.get(EVIDENCE_RESULT_PARAM)) {
    case 'added': {
      const count = Number(params.get('count'));
      const n = Number.isInteger(count) && count > 0 ? count : 0;
      return {
        tone: 'success',
        message: {
          ja: `${n}件のファイルを追加しました。ウイルス検査が終わると開けるようになります。`,
          en: `Added ${n} file${n === 1 ? '' : 's'}. They can be opened once the virus scan is done.`,
        },
      };
    }
    case 'refused': {
      const reason = params.get('reason');
      const file = params.get('file');
      const [ja, en] = file ? [`「${file}」`, `"${file}"`] : ['ファイル', 'A file'];
      const why = isRefusal(reason)
        ? REFUSAL_MESSAGES[reason](ja, en)
        : { ja: `${ja}を受け付けられませんでした。`, en: `${en} was refused.` };
      return {
        tone: 'error',
        message: { ja: `${why.ja}${NOTHING_KEPT.ja}`, en: `${why.en} ${NOTHING_KEPT.en}` },
      };
    }
    case 'failed':
      return {
        tone: 'error',
        message: {
          ja: 'ファイルを追加できませんでした。少し時間をおいて、もう一度ためしてください。',
          en: 'The files could not be added. Please try again in a little while.',
        },
      };
    default:
      return null;
  }
}
