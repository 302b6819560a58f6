/** Excel in Japan reads a CSV as Shift_JIS unless it starts with a UTF-8 byte-order mark. */
export const UTF8_BOM = '\uFEFF';
const CRLF = '\r\n';

export type CsvCell = string | number | null | undefined;

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is
 * prefixed with an apostrophe: outcome notes and window names are typed by people, and a cell like
 * `=HYPERLINK(...)` must stay text when a supervisor opens the export. Numbers are written as they are.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** The whole file: BOM, CRLF line ends, a final line end. */
export function csvDocument(lines: readonly (readonly CsvCell[])[]): Buffer {
  return Buffer.from(UTF8_BOM + lines.map(csvLine).join(CRLF) + CRLF, 'utf8');
}
