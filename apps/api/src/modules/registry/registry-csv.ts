import { registryCsvColumn, type TRegistryCsvColumn, type TRegistryCsvRow } from '@madoguchi/shared';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { AppError } from '../../common/errors/app-error';

export type TCsvEncoding = 'utf-8' | 'shift_jis';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Excel on Japanese Windows saves "CSV" as CP932 (Shift_JIS plus NEC/IBM extensions such as ① and ㈱); Excel's
 * "CSV UTF-8" and every other tool write UTF-8, often with a BOM. A BOM means UTF-8; bytes that decode as strict
 * UTF-8 are UTF-8 (CP932 text with kana or kanji almost never does); anything else is read as CP932.
 */
export function decodeCsv(
  buffer: Buffer,
  requested: 'auto' | TCsvEncoding,
): { text: string; encoding: TCsvEncoding } {
  const hasBom = UTF8_BOM.every((byte, i) => buffer[i] === byte);
  if (requested === 'shift_jis' && !hasBom) {
    return { text: iconv.decode(buffer, 'cp932'), encoding: 'shift_jis' };
  }
  try {
    // `fatal` makes invalid sequences throw instead of becoming U+FFFD; the BOM is dropped.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    if (requested === 'utf-8' || hasBom) {
      throw new AppError('bad_request', {
        message: 'CSV is not valid UTF-8',
        userMessage: {
          ja: 'ファイルがUTF-8として読めません。Shift_JISで保存したファイルなら encoding=shift_jis を指定してください。',
          en: 'The file is not valid UTF-8. If it was saved as Shift_JIS, pass encoding=shift_jis.',
        },
        details: { reason: 'invalid_encoding' },
      });
    }
    return { text: iconv.decode(buffer, 'cp932'), encoding: 'shift_jis' };
  }
}

/** The `charset` of a `text/csv; charset=…` header, as one of ours; absent or unknown → auto-detect. */
export function charsetOf(contentType: string | undefined): TCsvEncoding | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') {
    return 'utf-8';
  }
  if (charset && ['shift_jis', 'shift-jis', 'sjis', 'cp932', 'windows-31j', 'ms932'].includes(charset)) {
    return 'shift_jis';
  }
  return undefined;
}

export type TParsedCsvRow = { line: number; raw: string; row: TRegistryCsvRow };

const RAW_MAX = 500;

/** Rows of a registry CSV with their line numbers in the file; the header row names the columns. */
export function parseRegistryCsv(text: string): TParsedCsvRow[] {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError('bad_request', {
      message: `CSV could not be parsed: ${(error as Error).message}`,
      userMessage: {
        ja: `CSVを読み取れませんでした${line ? `(${line}行目付近)` : ''}。引用符(")の閉じ忘れがないか確認してください。`,
        en: `The CSV could not be read${line ? ` (near line ${line})` : ''}. Check for an unclosed quote (").`,
      },
      details: { reason: 'csv_malformed', line: line ?? null },
    });
  }
  const [header, ...rows] = records;
  const columns = header ? header.record.map(registryCsvColumn) : [];
  const missing = (['kind', 'value'] as const).filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new AppError('bad_request', {
      message: `CSV header lacks ${missing.join(', ')}`,
      userMessage: {
        ja: '1行目に見出し「kind,value,source,note」(または「種別,値,出典,備考」)を書いてください。',
        en: 'The first line must be the header "kind,value,source,note" (or 種別,値,出典,備考).',
      },
      details: { reason: 'csv_header', missing },
    });
  }
  return rows.map(({ record, info, raw }) => {
    const row: TRegistryCsvRow = {};
    columns.forEach((column: TRegistryCsvColumn | null, i) => {
      const cell = record[i];
      if (column && cell !== undefined && row[column] === undefined) {
        row[column] = cell;
      }
    });
    // `raw` may begin with the blank lines skipped before the record; `info.lines` is the record's last line.
    const text = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = info.lines - (text.match(/\n/g)?.length ?? 0);
    return { line, raw: text.slice(0, RAW_MAX), row };
  });
}
