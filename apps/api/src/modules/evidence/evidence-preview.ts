import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type SharpModule from 'sharp';
import type { Sharp } from 'sharp';
import type { TEvidenceDerivativeKind, TEvidenceKind, TEvidencePreviewReason } from '@madoguchi/shared';

let sharpModule: typeof SharpModule | undefined;

/**
 * sharp and libvips, loaded with the first preview: a process that never makes one (an API process, whose
 * jobs run in the worker) does not carry them. One image at a time, and nothing kept afterwards: libvips'
 * operation cache would hold decoded images (and their memory) between jobs, and its default thread pool
 * multiplies the memory of a decode by the cores. Peak RSS matters more than the speed of a background job.
 */
function loadSharp(): typeof SharpModule {
  if (!sharpModule) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    sharpModule = require('sharp') as typeof SharpModule;
    sharpModule.cache(false);
    sharpModule.concurrency(1);
  }
  return sharpModule;
}

/** The longer side of each derived copy, at most (smaller images are not enlarged). */
export const DERIVED_MAX_SIDE = { view: 1600, thumb: 320 } as const satisfies Record<
  TEvidenceDerivativeKind,
  number
>;

/** Every derived copy is WebP: small, with alpha (screenshots), shown by every browser staff use. */
export const DERIVED_CONTENT_TYPE = 'image/webp';

/** The kinds sharp's prebuilt binaries decode. HEIC is not among them (its HEVC decoder is not bundled). */
const DECODABLE: ReadonlySet<TEvidenceKind> = new Set(['png', 'jpeg', 'webp']);

export type DerivedCopy = {
  kind: TEvidenceDerivativeKind;
  data: Buffer;
  contentType: typeof DERIVED_CONTENT_TYPE;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
};

/** What becomes of a file's preview: copies to store, or why there are none. */
export type PreviewOutcome =
  | { result: 'ready'; copies: DerivedCopy[] }
  | { result: 'none'; reason: Extract<TEvidencePreviewReason, 'no_decoder' | 'not_an_image'> }
  | {
      result: 'failed';
      reason: Extract<TEvidencePreviewReason, 'too_many_pixels' | 'unreadable'>;
      detail: string;
    };

/** Reading the original from the store failed (not the image): the job is tried again, the file not marked. */
export class EvidenceSourceError extends Error {
  constructor(cause: Error) {
    super(`The original could not be read from the store: ${cause.message}`, { cause });
  }
}

/** Whether a kind gets derived copies at all; the others are `none` from the start. */
export function previewOutcomeForKind(
  kind: TEvidenceKind,
): Extract<PreviewOutcome, { result: 'none' }> | undefined {
  if (DECODABLE.has(kind)) {
    return undefined;
  }
  return { result: 'none', reason: kind === 'heic' ? 'no_decoder' : 'not_an_image' };
}

/**
 * The copies of an image made for viewing: `view` (≤ 1600 px) and `thumb` (≤ 320 px), turned upright by the EXIF
 * orientation and then stripped of ALL metadata (EXIF with GPS and camera serials, XMP, IPTC, the ICC profile:
 * sharp writes none unless asked, and converts to sRGB), encoded as WebP. The original is only read.
 *
 * The original is piped into sharp (which collects it, at most the upload limit, before decoding); an image
 * declaring more than `maxPixels` is refused from its header before any pixel is decoded (a decompression bomb),
 * and a corrupt one fails cleanly (`failOn: 'error'`). The thumb is made from the view copy, so at most one
 * decoded image is in memory at a time.
 */
export async function derivePreviews(
  source: Readable,
  options: { kind: TEvidenceKind; maxPixels: number },
): Promise<PreviewOutcome> {
  const skipped = previewOutcomeForKind(options.kind);
  if (skipped) {
    source.destroy();
    return skipped;
  }
  const decoder = loadSharp()({
    limitInputPixels: options.maxPixels,
    failOn: 'error',
    sequentialRead: true,
    autoOrient: true,
  });
  let sourceError: Error | undefined;
  const sourceFailed = new Promise<never>((_resolve, reject) => {
    source.once('error', (error: Error) => {
      sourceError = error;
      source.unpipe(decoder);
      decoder.destroy();
      reject(new EvidenceSourceError(error));
    });
  });
  // Rejections of the losing promise are handled here, so neither is ever unhandled.
  sourceFailed.catch(() => undefined);
  source.pipe(decoder);
  try {
    const view = await Promise.race([encode(decoder, 'view'), sourceFailed]);
    const thumb = await encode(
      loadSharp()(view.data, { failOn: 'error', limitInputPixels: options.maxPixels }),
      'thumb',
    );
    return { result: 'ready', copies: [view, thumb] };
  } catch (error) {
    if (sourceError) {
      throw new EvidenceSourceError(sourceError);
    }
    const message = (error as Error).message;
    // sharp's wording for limitInputPixels ("Input image exceeds pixel limit").
    if (/pixel limit/i.test(message)) {
      return { result: 'failed', reason: 'too_many_pixels', detail: message };
    }
    return { result: 'failed', reason: 'unreadable', detail: message };
  } finally {
    source.destroy();
  }
}

async function encode(image: Sharp, kind: TEvidenceDerivativeKind): Promise<DerivedCopy> {
  const side = DERIVED_MAX_SIDE[kind];
  const { data, info } = await image
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: kind === 'view' ? 80 : 70 })
    .toBuffer({ resolveWithObject: true });
  return {
    kind,
    data,
    contentType: DERIVED_CONTENT_TYPE,
    sizeBytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    width: info.width,
    height: info.height,
  };
}
