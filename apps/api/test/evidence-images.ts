// Images for the preview tests, made with sharp itself (no binary fixtures): a phone photo with GPS and a
// rotation in its EXIF, and the header of a decompression bomb.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A 3000 × 2000 photo-like JPEG taken "rotated" (EXIF orientation 6: shown turned 90° clockwise), with GPS. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({
    create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .composite([
      {
        input: { create: { width: 600, height: 2000, channels: 3, background: { r: 0, g: 0, b: 255 } } },
        left: 0,
        top: 0,
      },
    ])
    .jpeg({ quality: 80 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Serial-12345' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '35/1 41/1 22/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '139/1 41/1 30/1',
      },
    })
    .toBuffer();
}

/** A PNG whose header declares width × height, with a tiny (invalid) body: a decompression bomb's shape. */
export function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // RGB
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from('789c030000000001', 'hex')),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether EXIF data points to a GPS IFD (tag 0x8825, in either byte order). */
export function hasGpsIfd(exif: Buffer | undefined): boolean {
  return exif !== undefined && /2588|8825/.test(exif.toString('hex'));
}

/** Starts like a JPEG (so it is accepted as one), then nothing a decoder can read. */
export const CORRUPT_JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a464946000101', 'hex'),
  Buffer.alloc(500, 7),
]);
