import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { TEvidenceKind } from '@madoguchi/shared';
import type { EvidenceDerivativeRow, EvidenceRow } from './evidence.repository';

const EXTENSIONS = {
  png: 'png',
  jpeg: 'jpg',
  heic: 'heic',
  webp: 'webp',
  pdf: 'pdf',
  text: 'txt',
  eml: 'eml',
} as const satisfies Record<TEvidenceKind, string>;

/** RFC 5987 ext-value: percent-encoded UTF-8, also the characters encodeURIComponent leaves (' ( ) *). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * An opened evidence file as the response streams it (staff and the window's link alike): its stored type and
 * size, always as a download, never shown inline by the API's origin; the name in RFC 5987 form (UTF-8).
 */
export function evidenceFile(opened: {
  body: Readable;
  file: EvidenceRow;
  filename: string;
}): StreamableFile {
  const { body, file, filename } = opened;
  return new StreamableFile(body, {
    type: file.contentType,
    length: file.sizeBytes,
    disposition:
      `attachment; filename="evidence-${file.id.slice(0, 8)}.${EXTENSIONS[file.kind]}"; ` +
      `filename*=UTF-8''${rfc5987(filename)}`,
  });
}

/**
 * A derived copy for viewing, as the response streams it: shown inline (an <img> on the case page), under a
 * name that says it is a preview, not the evidence.
 */
export function evidencePreview(opened: {
  body: Readable;
  derivative: EvidenceDerivativeRow;
  file: EvidenceRow;
}): StreamableFile {
  const { body, derivative, file } = opened;
  return new StreamableFile(body, {
    type: derivative.contentType,
    length: derivative.sizeBytes,
    disposition: `inline; filename="evidence-${file.id.slice(0, 8)}-${derivative.kind}.webp"`,
  });
}
