import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { TEvidenceKind, TEvidenceRefusal } from '@madoguchi/shared';
import { noteStreamedBytes } from '../../common/memory/streamed-garbage';

/** Bytes file-type reads to recognise a format (its documented sample size). */
const MAGIC_BYTES = 4_100;
/** Bytes kept of a text file to find a saved e-mail's header block (long Received/DKIM chains fit). */
const HEADER_BYTES = 64 * 1024;

/** Formats recognised by their magic numbers that are accepted, by file-type's MIME type. */
const BINARY_KINDS: Readonly<Record<string, TEvidenceKind>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/heic': 'heic',
  'image/heif': 'heic',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** A refusal of one file, by content: the service turns it into the 4xx that names the file. */
export class EvidenceRefused extends Error {
  constructor(
    readonly reason: TEvidenceRefusal,
    message: string,
    readonly detected?: string,
  ) {
    super(message);
  }
}

export type InspectedFile = { kind: TEvidenceKind; sizeBytes: number; sha256: string };

/**
 * Passes a file's bytes through unchanged while it hashes (SHA-256), counts and recognises them: the type is
 * decided by the content, never by the name. Binary formats by their magic numbers (file-type); anything
 * file-type does not recognise must be UTF-8 text without NUL bytes, checked as it streams, and is a saved
 * e-mail when it begins with an RFC 822 header block. It fails the stream with EvidenceRefused as soon as the
 * file is too large or cannot be accepted, so the writer behind it stops (and removes what it wrote).
 */
export class EvidenceInspector extends Transform {
  private size = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  /** Set once the magic numbers were read: a binary kind, or 'text' while the text check still holds. */
  private verdict: TEvidenceKind | 'text-candidate' | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private result: InspectedFile | undefined;

  constructor(private readonly maxBytes: number) {
    super();
  }

  /** What the file turned out to be; available once the stream has ended without error. */
  get inspected(): InspectedFile {
    if (!this.result) {
      throw new Error('The file has not been inspected to its end');
    }
    return this.result;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    noteStreamedBytes(chunk.length);
    if (this.size > this.maxBytes) {
      callback(tooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.headLength < HEADER_BYTES) {
      this.head.push(chunk);
      this.headLength += chunk.length;
    }
    if (this.verdict === undefined) {
      if (this.headLength < MAGIC_BYTES) {
        callback(null, chunk);
        return;
      }
      this.decide().then(
        (problem) => callback(problem ?? this.checkHeadIfText() ?? null, chunk),
        (error: Error) => callback(error),
      );
      return;
    }
    callback((this.verdict === 'text-candidate' ? this.checkText(chunk) : undefined) ?? null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.size === 0) {
      callback(new EvidenceRefused('evidence_file_empty', 'The file is empty'));
      return;
    }
    if (this.verdict === undefined) {
      this.decide().then(
        (problem) => {
          const refused = problem ?? this.checkHeadIfText();
          if (refused) {
            callback(refused);
            return;
          }
          this.finish(callback);
        },
        (error: Error) => callback(error),
      );
      return;
    }
    this.finish(callback);
  }

  private finish(callback: TransformCallback): void {
    let kind = this.verdict as TEvidenceKind | 'text-candidate';
    if (kind === 'text-candidate') {
      try {
        // The end of the input: a multi-byte character cut off at the end is not UTF-8.
        this.decoder.decode();
      } catch {
        callback(notText());
        return;
      }
      kind = looksLikeEmail(Buffer.concat(this.head).subarray(0, HEADER_BYTES)) ? 'eml' : 'text';
    }
    this.result = { kind, sizeBytes: this.size, sha256: this.hash.digest('hex') };
    this.head = [];
    callback();
  }

  /** Reads the magic numbers of what has arrived (at least MAGIC_BYTES, or the whole file). */
  private async decide(): Promise<EvidenceRefused | undefined> {
    const sample = Buffer.concat(this.head).subarray(0, MAGIC_BYTES);
    // Loaded at the first upload, not at boot (file-type is an ES module with a few dependencies).
    const { fileTypeFromBuffer } = await import('file-type/core');
    const type = await fileTypeFromBuffer(sample);
    if (!type) {
      this.verdict = 'text-candidate';
      return undefined;
    }
    const kind = BINARY_KINDS[type.mime];
    if (!kind) {
      return new EvidenceRefused(
        'evidence_type_not_allowed',
        `The content is ${type.mime}, which is not accepted`,
        type.mime,
      );
    }
    this.verdict = kind;
    return undefined;
  }

  /** Once the verdict is text: the chunks that arrived before it, checked in order. */
  private checkHeadIfText(): EvidenceRefused | undefined {
    if (this.verdict !== 'text-candidate') {
      return undefined;
    }
    for (const part of this.head) {
      const problem = this.checkText(part);
      if (problem) {
        return problem;
      }
    }
    return undefined;
  }

  private checkText(chunk: Buffer): EvidenceRefused | undefined {
    if (chunk.includes(0)) {
      return notText();
    }
    try {
      this.decoder.decode(chunk, { stream: true });
      return undefined;
    } catch {
      return notText();
    }
  }
}

function tooLarge(maxBytes: number): EvidenceRefused {
  return new EvidenceRefused('evidence_file_too_large', `The file is larger than ${maxBytes} bytes`);
}

function notText(): EvidenceRefused {
  return new EvidenceRefused(
    'evidence_type_not_allowed',
    'The content is no accepted format (images, PDF, UTF-8 text or a saved e-mail)',
  );
}

/** Header fields a saved e-mail begins with; one of them besides From must be there. */
const MAIL_FIELDS = new Set([
  'date',
  'subject',
  'to',
  'message-id',
  'received',
  'return-path',
  'mime-version',
]);
/** RFC 5322 field-name: printable US-ASCII except the colon. */
const FIELD = /^([!-9;-~]+):/;

/**
 * An RFC 822/5322 message: it starts with a header block (fields, continuation lines) ended by an empty line,
 * with a From field and at least one other field every saved e-mail has. A text that merely contains
 * "Subject:" somewhere is plain text.
 */
export function looksLikeEmail(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const fields = new Set<string>();
  for (const [index, line] of lines.entries()) {
    if (line === '') {
      return index > 0 && fields.has('from') && [...fields].some((f) => MAIL_FIELDS.has(f));
    }
    if (/^[ \t]/.test(line) && index > 0) {
      continue;
    }
    const match = FIELD.exec(line);
    // mbox files start with "From sender date" (no colon): the line before the headers.
    if (!match && !(index === 0 && line.startsWith('From '))) {
      return false;
    }
    if (match) {
      fields.add(match[1]!.toLowerCase());
    }
  }
  return false;
}

const MAX_NAME_LENGTH = 200;

/**
 * The name a file was sent with, made safe to show and to put in a Content-Disposition: the last path segment
 * only (`../../etc/passwd` → `passwd`, `C:\\x\\a.png` → `a.png`), no control or bidirectional-override characters
 * (a name cannot pretend to end in `.pdf`), no leading dots, at most 200 characters keeping the extension.
 */
export function sanitiseFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if ([...name].length > MAX_NAME_LENGTH) {
    const chars = [...name];
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, MAX_NAME_LENGTH - [...ext].length).join('') + ext;
  }
  return name || 'file';
}
