/** @jest-environment node */

import { create } from 'qrcode';

import { qrCode } from './qr-code';

const URI =
  'otpauth://totp/Madoguchi:sodan%40desk.example.jp?issuer=Madoguchi&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30';

/** The dark modules the path draws, read back from its `M x y h n v1 h-n z` rectangles. */
function modulesOf(path: string, size: number): boolean[] {
  const dark = new Array<boolean>(size * size).fill(false);
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let col = Number(x); col < Number(x) + Number(run); col += 1) {
      dark[Number(y) * size + col] = true;
    }
  }
  return dark;
}

describe('qrCode', () => {
  it('draws exactly the dark modules of the QR code for the text', () => {
    const qr = qrCode(URI);
    const { modules } = create(URI, { errorCorrectionLevel: 'M' });
    expect(qr.size).toBe(modules.size);
    expect(modulesOf(qr.path, qr.size)).toEqual(Array.from(modules.data, Boolean));
  });

  it('starts with the top-left finder pattern (a run of seven) and is the same every time', () => {
    const qr = qrCode(URI);
    expect(qr.path.startsWith('M0 0h7v1h-7z')).toBe(true);
    expect(qrCode(URI)).toEqual(qr);
    expect(qrCode(`${URI}x`).path).not.toBe(qr.path);
  });
});
