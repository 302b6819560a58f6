import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { hasGpsIfd, photoWithGps, pngDeclaring } from '../../../test/evidence-images';
import { DERIVED_MAX_SIDE, derivePreviews, EvidenceSourceError } from './evidence-preview';

const MAX_PIXELS = 40_000_000;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('derivePreviews', () => {
  it('turns a photo upright, shrinks it to 1600 / 320 px and strips EXIF, GPS and the ICC profile', async () => {
    const photo = await photoWithGps();
    const original = await sharp(photo).metadata();
    expect(original.orientation).toBe(6);
    expect(hasGpsIfd(original.exif)).toBe(true);
    const outcome = await derivePreviews(Readable.from([photo]), { kind: 'jpeg', maxPixels: MAX_PIXELS });
    if (outcome.result !== 'ready') {
      throw new Error(`expected copies, got ${JSON.stringify(outcome)}`);
    }
    const [view, thumb] = outcome.copies;
    expect([view!.kind, thumb!.kind]).toEqual(['view', 'thumb']);
    for (const copy of [view!, thumb!]) {
      const meta = await sharp(copy.data).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(copy.sha256).toBe(sha256(copy.data));
      expect(copy.sha256).not.toBe(sha256(photo));
      expect(copy.sizeBytes).toBe(copy.data.length);
      expect(Buffer.from(copy.data).includes('Serial-12345')).toBe(false);
    }
    // Upright: the 3000 × 2000 landscape with orientation 6 is a portrait, its longer side at most the limit.
    expect([view!.width, view!.height]).toEqual([1067, 1600]);
    expect(Math.max(thumb!.width, thumb!.height)).toBeLessThanOrEqual(DERIVED_MAX_SIDE.thumb);
    expect(thumb!.height).toBe(320);
    // The blue band on the left of the sensor's frame is at the top once turned clockwise.
    const { data } = await sharp(view!.data)
      .extract({ left: 500, top: 20, width: 1, height: 1 })
      .raw()
      .toBuffer({
        resolveWithObject: true,
      });
    expect(data[2]).toBeGreaterThan(200);
    expect(data[0]).toBeLessThan(60);
  });

  it('does not enlarge a small screenshot', async () => {
    const small = await sharp({
      create: { width: 200, height: 100, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const outcome = await derivePreviews(Readable.from([small]), { kind: 'png', maxPixels: MAX_PIXELS });
    expect(outcome.result === 'ready' && outcome.copies.map((c) => [c.kind, c.width, c.height])).toEqual([
      ['view', 200, 100],
      ['thumb', 200, 100],
    ]);
  });

  it('refuses a header declaring too many pixels without decoding it', async () => {
    const outcome = await derivePreviews(Readable.from([pngDeclaring(100_000, 100_000)]), {
      kind: 'png',
      maxPixels: MAX_PIXELS,
    });
    expect(outcome).toMatchObject({ result: 'failed', reason: 'too_many_pixels' });
  });

  it('fails cleanly on a corrupt image', async () => {
    const corrupt = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(500, 7)]);
    const outcome = await derivePreviews(Readable.from([corrupt]), { kind: 'jpeg', maxPixels: MAX_PIXELS });
    expect(outcome).toMatchObject({ result: 'failed', reason: 'unreadable' });
  });

  it('makes no copies of HEIC (no decoder) or of documents', async () => {
    for (const [kind, reason] of [
      ['heic', 'no_decoder'],
      ['pdf', 'not_an_image'],
      ['text', 'not_an_image'],
      ['eml', 'not_an_image'],
    ] as const) {
      const outcome = await derivePreviews(Readable.from([Buffer.from('x')]), {
        kind,
        maxPixels: MAX_PIXELS,
      });
      expect(outcome).toEqual({ result: 'none', reason });
    }
  });

  it('reports a store that breaks off mid-read as such, not as a bad image', async () => {
    const photo = await photoWithGps();
    const broken = new Readable({
      read() {
        this.push(photo.subarray(0, 1000));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(derivePreviews(broken, { kind: 'jpeg', maxPixels: MAX_PIXELS })).rejects.toBeInstanceOf(
      EvidenceSourceError,
    );
  });
});
