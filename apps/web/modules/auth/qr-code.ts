import { create } from 'qrcode';

/*
 * The enrolment QR code, computed on the server (the qrcode package never reaches the browser) and drawn
 * by <QrCode> as one SVG path: inline markup, so no image request, no data: URL and nothing the content
 * security policy has to allow.
 */

/** A QR code as an SVG path of its dark modules, in module units (the quiet zone is added when drawn). */
export type TQrCode = { size: number; path: string };

export function qrCode(text: string): TQrCode {
  // Level M survives a smudged or glare-struck screen and keeps an otpauth URI at a readable module size.
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  let path = '';
  for (let row = 0; row < size; row += 1) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col += 1;
        continue;
      }
      // One rectangle per run of dark modules in a row keeps the path short.
      const start = col;
      while (col < size && data[row * size + col]) {
        col += 1;
      }
      path += `M${start} ${row}h${col - start}v1h-${col - start}z`;
    }
  }
  return { size, path };
}
