import { existsSync } from 'node:fs';
import type PDFKitDocument from 'pdfkit';
import { create as createQr } from 'qrcode';

let pdfkit: typeof PDFKitDocument | undefined;

/**
 * pdfkit and its font engine, loaded with the first PDF: about 20 MB of memory that an API process
 * serving the queue and intakes never needs (docs/performance.md, "Memory").
 */
function pdfDocumentClass(): typeof PDFKitDocument {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pdfkit ??= require('pdfkit') as typeof PDFKitDocument;
  return pdfkit;
}

/**
 * Noto Sans JP (SIL Open Font License) from the npm package, never a system font: the PDF must look the same on
 * every server, and pdfkit embeds only the glyphs a document uses (a letter is tens of kilobytes, not megabytes).
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;

let fontPaths: { regular: string; bold: string } | undefined;

/** Resolves the font files once; throws when the package is missing, so the API refuses to start without them. */
export function japaneseFonts(): { regular: string; bold: string } {
  if (!fontPaths) {
    const regular = require.resolve(FONT_FILES.regular);
    const bold = require.resolve(FONT_FILES.bold);
    if (!existsSync(regular) || !existsSync(bold)) {
      throw new Error('Noto Sans JP font files are missing (npm package @expo-google-fonts/noto-sans-jp)');
    }
    fontPaths = { regular, bold };
  }
  return fontPaths;
}

export type PdfField = { label: string; value: string };
/** `display` replaces the printed value and unit (a masked count such as "<5件"); the bar is drawn from `value`. */
export type PdfBar = { label: string; value: number; display?: string };

/** What a report says, without any drawing: built by pure functions, drawn by `renderPdf`. */
export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string; align?: 'left' | 'right' | 'center'; small?: boolean }
  /** Label/value rows, e.g. お名前 / 山田太郎. */
  | { kind: 'fields'; rows: PdfField[] }
  | { kind: 'list'; items: string[] }
  /** Horizontal bar chart under an optional title, kept on one page; bars are scaled to the largest value. */
  | { kind: 'bars'; title?: string; rows: PdfBar[]; unit?: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; widths: number[] }
  /** A QR code of `text` (a URL), drawn as vector squares, with the text printed beside it for typing in. */
  | { kind: 'qr'; text: string }
  | { kind: 'gap' };

export type PdfModel = {
  /** Document title in the PDF metadata (no personal data: it shows in viewers' title bars and file lists). */
  title: string;
  /** Printed at the foot of every page with the page number. */
  footer: string;
  blocks: PdfBlock[];
};

const MARGIN = 50;
const COLORS = { text: '#111111', muted: '#555555', rule: '#999999', bar: '#3b6ea8', barBack: '#e8eef6' };
const SIZES = { title: 18, heading: 12.5, subheading: 11, body: 10, small: 8.5 };

/** Draws the model on A4 pages with the embedded Japanese font and returns the PDF bytes. */
export function renderPdf(model: PdfModel): Promise<Buffer> {
  const fonts = japaneseFonts();
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    // The default font would be Helvetica, which has no Japanese glyphs.
    font: fonts.regular,
    bufferPages: true,
    lang: 'ja-JP',
    info: { Title: model.title, Creator: 'Madoguchi', Producer: 'Madoguchi' },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('regular').fontSize(SIZES.body).fillColor(COLORS.text);
  model.blocks.forEach((block, i) => drawBlock(doc, block, model.blocks[i + 1]));
  drawFooters(doc, model.footer);
  doc.end();
  return done;
}

const contentWidth = (doc: PDFKit.PDFDocument) =>
  doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page when fewer than `height` points are left, so a heading never sits alone at the foot. */
function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
  }
}

/**
 * The height a heading keeps free below itself for the block it introduces: a table's header and first rows
 * (which move to the next page together), so the heading does not stay behind on its own either.
 */
function leadOf(doc: PDFKit.PDFDocument, next: PdfBlock | undefined): number {
  if (next?.kind !== 'table') {
    return 0;
  }
  const layout = tableLayout(doc, next.columns, next.rows, next.widths);
  return layout.headerHeight + layout.rowHeights.slice(0, ROWS_WITH_HEADER).reduce((sum, h) => sum + h, 0);
}

function drawBlock(doc: PDFKit.PDFDocument, block: PdfBlock, next?: PdfBlock): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  switch (block.kind) {
    case 'title':
      doc.font('bold').fontSize(SIZES.title).text(block.text, x, doc.y, { width, align: 'center' });
      doc.moveDown(0.6);
      break;
    case 'heading': {
      ensureRoom(doc, Math.max(60, 30 + leadOf(doc, next)));
      doc.moveDown(0.5);
      doc.font('bold').fontSize(SIZES.heading).text(block.text, x, doc.y, { width });
      const y = doc.y + 1;
      doc
        .moveTo(x, y)
        .lineTo(x + width, y)
        .lineWidth(0.6)
        .strokeColor(COLORS.rule)
        .stroke();
      doc.y = y + 4;
      break;
    }
    case 'subheading':
      ensureRoom(doc, Math.max(40, 25 + leadOf(doc, next)));
      doc.moveDown(0.3);
      doc.font('bold').fontSize(SIZES.subheading).text(block.text, x, doc.y, { width });
      doc.moveDown(0.2);
      break;
    case 'paragraph':
      doc
        .font('regular')
        .fontSize(block.small ? SIZES.small : SIZES.body)
        .fillColor(block.small ? COLORS.muted : COLORS.text)
        .text(block.text, x, doc.y, { width, align: block.align ?? 'left', lineGap: 2 });
      doc.fillColor(COLORS.text);
      doc.moveDown(0.3);
      break;
    case 'fields':
      drawFields(doc, block.rows);
      break;
    case 'list':
      doc.font('regular').fontSize(SIZES.body);
      for (const item of block.items) {
        ensureRoom(doc, 16);
        const y = doc.y;
        doc.text('・', x, y, { width: 12 });
        doc.text(item, x + 12, y, { width: width - 12, lineGap: 2 });
        doc.moveDown(0.15);
      }
      doc.moveDown(0.2);
      break;
    case 'bars':
      drawBars(doc, block);
      break;
    case 'table':
      drawTable(doc, block.columns, block.rows, block.widths);
      break;
    case 'qr':
      drawQr(doc, block.text);
      break;
    case 'gap':
      doc.moveDown(0.8);
      break;
    default:
      block satisfies never;
  }
}

function drawFields(doc: PDFKit.PDFDocument, rows: PdfField[]): void {
  const x = doc.page.margins.left;
  const labelWidth = 130;
  const valueWidth = contentWidth(doc) - labelWidth;
  doc.fontSize(SIZES.body);
  for (const row of rows) {
    doc.font('regular');
    const height = Math.max(
      doc.heightOfString(row.value, { width: valueWidth, lineGap: 2 }),
      doc.heightOfString(row.label, { width: labelWidth - 8 }),
    );
    ensureRoom(doc, Math.min(height, 200) + 4);
    const y = doc.y;
    doc
      .font('bold')
      .fillColor(COLORS.muted)
      .text(row.label, x, y, { width: labelWidth - 8 });
    const afterLabel = doc.y;
    doc
      .font('regular')
      .fillColor(COLORS.text)
      .text(row.value, x + labelWidth, y, { width: valueWidth, lineGap: 2 });
    doc.y = Math.max(doc.y, afterLabel) + 3;
  }
  doc.moveDown(0.2);
}

function drawBars(doc: PDFKit.PDFDocument, block: { title?: string; rows: PdfBar[]; unit?: string }): void {
  const { rows, title } = block;
  const unit = block.unit ?? '';
  const x = doc.page.margins.left;
  const labelWidth = 160;
  const valueWidth = 60;
  const barMax = contentWidth(doc) - labelWidth - valueWidth - 10;
  const max = Math.max(1, ...rows.map((row) => row.value));
  const rowHeight = 15;
  const pageRoom = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  const needed = (title ? 24 : 0) + rows.length * rowHeight;
  // A chart that fits on a page is not split across two.
  ensureRoom(doc, Math.min(needed, pageRoom));
  if (title) {
    doc.moveDown(0.3);
    doc
      .font('bold')
      .fontSize(SIZES.subheading)
      .text(title, x, doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.2);
  }
  doc.font('regular').fontSize(SIZES.small + 0.5);
  for (const row of rows) {
    ensureRoom(doc, rowHeight + 2);
    const y = doc.y;
    doc
      .fillColor(COLORS.text)
      .text(row.label, x, y + 2, { width: labelWidth - 6, height: rowHeight, ellipsis: true });
    doc.rect(x + labelWidth, y + 2, barMax, rowHeight - 5).fill(COLORS.barBack);
    const length = (row.value / max) * barMax;
    if (length > 0) {
      doc.rect(x + labelWidth, y + 2, Math.max(length, 1), rowHeight - 5).fill(COLORS.bar);
    }
    doc
      .fillColor(COLORS.text)
      .text(row.display ?? `${row.value}${unit}`, x + labelWidth + barMax + 6, y + 2, {
        width: valueWidth,
        align: 'left',
      });
    doc.y = y + rowHeight;
  }
  doc.fillColor(COLORS.text);
  doc.moveDown(0.4);
}

/** How many body rows stay with a table's header at a page break (fewer when the table has fewer). */
const ROWS_WITH_HEADER = 2;
const CELL_PAD = 3;

/** Column widths scaled to the page and the height of every row, measured in the table's fonts. */
function tableLayout(doc: PDFKit.PDFDocument, columns: string[], rows: string[][], widths: number[]) {
  const total = widths.reduce((sum, w) => sum + w, 0);
  const scale = contentWidth(doc) / total;
  const cols = widths.map((w) => w * scale);
  const heightOf = (cells: string[], header: boolean) => {
    doc.font(header ? 'bold' : 'regular').fontSize(SIZES.small + 0.5);
    return (
      Math.max(
        ...cells.map((cell, i) => doc.heightOfString(cell, { width: (cols[i] ?? 40) - CELL_PAD * 2 })),
      ) +
      CELL_PAD * 2
    );
  };
  return { cols, headerHeight: heightOf(columns, true), rowHeights: rows.map((row) => heightOf(row, false)) };
}

/**
 * A table whose header never ends a page on its own: the header starts a new page unless its first rows fit
 * under it, and it is drawn again at the top of every page the table continues on.
 */
function drawTable(doc: PDFKit.PDFDocument, columns: string[], rows: string[][], widths: number[]): void {
  const x0 = doc.page.margins.left;
  const { cols, headerHeight, rowHeights } = tableLayout(doc, columns, rows, widths);
  const drawRow = (cells: string[], header: boolean, height: number) => {
    doc.font(header ? 'bold' : 'regular').fontSize(SIZES.small + 0.5);
    const y = doc.y;
    if (header) {
      doc.rect(x0, y, contentWidth(doc), height).fill(COLORS.barBack);
      doc.fillColor(COLORS.text);
    }
    let x = x0;
    cells.forEach((cell, i) => {
      const w = cols[i] ?? 40;
      doc.text(cell, x + CELL_PAD, y + CELL_PAD, { width: w - CELL_PAD * 2 });
      x += w;
    });
    doc
      .moveTo(x0, y + height)
      .lineTo(x0 + contentWidth(doc), y + height)
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .stroke();
    doc.y = y + height;
  };
  const pageRoom = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  const firstRows = rowHeights.slice(0, ROWS_WITH_HEADER).reduce((sum, h) => sum + h, 0);
  ensureRoom(doc, Math.min(headerHeight + firstRows, pageRoom));
  drawRow(columns, true, headerHeight);
  rows.forEach((row, i) => {
    const height = rowHeights[i]!;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawRow(columns, true, headerHeight);
    }
    drawRow(row, false, height);
  });
  doc.moveDown(0.5);
}

/** Side of the QR code in points (about 3.5 cm): phones read it from a printed or faxed page. */
const QR_SIZE = 100;

function drawQr(doc: PDFKit.PDFDocument, text: string): void {
  // Level M survives a fax or a crease; the quiet zone of four modules is part of the drawn size.
  const { modules } = createQr(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cell = QR_SIZE / (modules.size + quiet * 2);
  ensureRoom(doc, QR_SIZE + 10);
  const x = doc.page.margins.left;
  const y = doc.y;
  doc.save();
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) {
        doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
      }
    }
  }
  doc.fill('#000000');
  doc.restore();
  const textX = x + QR_SIZE + 12;
  doc
    .font('regular')
    .fontSize(SIZES.body)
    .fillColor(COLORS.text)
    .text(text, textX, y + QR_SIZE / 2 - 12, { width: contentWidth(doc) - QR_SIZE - 12, lineGap: 2 });
  doc.y = Math.max(doc.y, y + QR_SIZE) + 6;
}

function drawFooters(doc: PDFKit.PDFDocument, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(SIZES.small)
      .fillColor(COLORS.muted)
      .text(`${footer}    ${i + 1} / ${range.count}`, doc.page.margins.left, doc.page.height - 32, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
