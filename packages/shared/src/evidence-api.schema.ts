import { z } from 'zod';

import { caseText } from './case-api.schema';
import { ZLocalized } from './category';

/**
 * Evidence files: what a person or a counselor can upload, decided from the content (magic numbers for the
 * binary formats; valid UTF-8 without NUL bytes for text, plus RFC 822 headers for a saved e-mail), never from
 * the name or the declared content type.
 */
export const EVIDENCE_KINDS = ['png', 'jpeg', 'heic', 'webp', 'pdf', 'text', 'eml'] as const;
export const ZEvidenceKind = z.enum(EVIDENCE_KINDS);
export type TEvidenceKind = z.infer<typeof ZEvidenceKind>;

/** The content type each kind is stored and served as. */
export const EVIDENCE_CONTENT_TYPES = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  heic: 'image/heic',
  webp: 'image/webp',
  pdf: 'application/pdf',
  text: 'text/plain; charset=utf-8',
  eml: 'message/rfc822',
} as const satisfies Record<TEvidenceKind, string>;

export const EVIDENCE_KIND_LABELS = {
  png: { ja: '画像(PNG)', en: 'Image (PNG)' },
  jpeg: { ja: '画像(JPEG)', en: 'Image (JPEG)' },
  heic: { ja: '画像(HEIC)', en: 'Image (HEIC)' },
  webp: { ja: '画像(WebP)', en: 'Image (WebP)' },
  pdf: { ja: 'PDF', en: 'PDF' },
  text: { ja: 'テキスト', en: 'Plain text' },
  eml: { ja: 'メール(.eml)', en: 'E-mail (.eml)' },
} as const satisfies Record<TEvidenceKind, { ja: string; en: string }>;

/** pending → clean | infected | failed: only a clean file is ever served. */
export const EVIDENCE_SCAN_STATES = ['pending', 'clean', 'infected', 'failed'] as const;
export const ZEvidenceScanState = z.enum(EVIDENCE_SCAN_STATES);
export type TEvidenceScanState = z.infer<typeof ZEvidenceScanState>;

export const EVIDENCE_SCAN_STATE_LABELS = {
  pending: {
    ja: 'ウイルス検査待ち(まだ開けません)',
    en: 'Waiting for the virus scan (cannot be opened yet)',
  },
  clean: { ja: '検査済み', en: 'Scanned, clean' },
  infected: {
    ja: 'ウイルスが見つかったため隔離しました(開けません)',
    en: 'Quarantined: malware was found (cannot be opened)',
  },
  failed: { ja: '検査できませんでした(開けません)', en: 'The scan could not finish (cannot be opened)' },
} as const satisfies Record<TEvidenceScanState, { ja: string; en: string }>;

/**
 * Derived copies for viewing (apps/api/src/modules/evidence/evidence-preview.ts): made after a clean scan for PNG,
 * JPEG and WebP, never for HEIC (no decoder in the image library's prebuilt binaries), PDFs, text or e-mails.
 */
export const EVIDENCE_PREVIEW_STATES = ['pending', 'ready', 'none', 'failed'] as const;
export const ZEvidencePreviewState = z.enum(EVIDENCE_PREVIEW_STATES);
export type TEvidencePreviewState = z.infer<typeof ZEvidencePreviewState>;

/** `view`: at most 1600 px on its longer side, for looking at; `thumb`: at most 320 px, for the list. */
export const EVIDENCE_DERIVATIVE_KINDS = ['view', 'thumb'] as const;
export const ZEvidenceDerivativeKind = z.enum(EVIDENCE_DERIVATIVE_KINDS);
export type TEvidenceDerivativeKind = z.infer<typeof ZEvidenceDerivativeKind>;

/** Why a file has no preview (none) or why it could not be made (failed); the API keeps the code. */
export const EVIDENCE_PREVIEW_REASONS = {
  no_decoder: { ja: 'プレビューなし(元のファイルのみ)', en: 'No preview (original only)' },
  not_an_image: { ja: 'プレビューなし', en: 'No preview' },
  too_many_pixels: {
    ja: '画像が大きすぎるため表示用の縮小版を作れません',
    en: 'Too many pixels for a preview',
  },
  unreadable: { ja: '画像を読み取れません', en: 'The image could not be read' },
  missing: { ja: '元のファイルが保存先にありません', en: 'The original is missing from the store' },
} as const satisfies Record<string, { ja: string; en: string }>;
export type TEvidencePreviewReason = keyof typeof EVIDENCE_PREVIEW_REASONS;

export const EVIDENCE_PREVIEW_STATE_LABELS = {
  pending: { ja: 'プレビュー作成中', en: 'Preview pending' },
  ready: { ja: 'プレビューあり', en: 'Preview ready' },
  none: { ja: 'プレビューなし', en: 'No preview' },
  failed: { ja: 'プレビューを作れませんでした', en: 'The preview could not be made' },
} as const satisfies Record<TEvidencePreviewState, { ja: string; en: string }>;

/** Why an upload was refused (`details.reason` of the 4xx), for the form to say which file and why. */
export const EVIDENCE_REFUSALS = [
  'evidence_file_too_large',
  'evidence_too_many_files',
  'evidence_type_not_allowed',
  'evidence_file_empty',
  'evidence_no_file',
  'evidence_malformed',
] as const;
export type TEvidenceRefusal = (typeof EVIDENCE_REFUSALS)[number];

/**
 * The limits when the API's EVIDENCE_MAX_FILE_BYTES / EVIDENCE_MAX_FILES_PER_CASE are not set: the API's env
 * defaults, and what the upload form's hint states (a refusal names the limits actually in force).
 */
export const EVIDENCE_DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_DEFAULT_MAX_FILES_PER_CASE = 20;

/** The multipart field names an upload uses; the person's credentials come before the files. */
export const EVIDENCE_FORM_FIELDS = {
  receiptNumber: 'receiptNumber',
  accessCode: 'accessCode',
  file: 'file',
} as const;

export const ZEvidenceFile = z.object({
  id: z.uuid(),
  /** The name it was sent with, sanitised; for display only. */
  name: z.string(),
  kind: ZEvidenceKind,
  contentType: z.string(),
  sizeBytes: z.number().int().positive(),
  /** SHA-256 of the original bytes as received (lowercase hex): a window can check what it was given. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  receivedAt: z.iso.datetime({ offset: true }),
  scanState: ZEvidenceScanState,
});
export type TEvidenceFile = z.infer<typeof ZEvidenceFile>;

/** What an upload answers: the files now stored (all of the request's, or none of them on a refusal). */
export const ZEvidenceUploadReply = z.object({ files: z.array(ZEvidenceFile) });
export type TEvidenceUploadReply = z.infer<typeof ZEvidenceUploadReply>;

export const ZStaffEvidenceFile = ZEvidenceFile.extend({
  source: z.enum(['person', 'staff']),
  /** The signature found (infected) or why the scan did not finish (failed). */
  scanDetail: z.string().nullable(),
  scannedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Why the file cannot be opened now, for the case page; null when it can. */
  unavailableReason: ZLocalized.nullable(),
  /** Whether derived copies for viewing exist (ready), are to come (pending), or why not (none, failed). */
  previewState: ZEvidencePreviewState,
  /** Why there is no preview (none, failed); null otherwise. */
  previewReason: ZLocalized.nullable(),
  /**
   * Set once an admin deleted the file: its bytes and copies are gone, the name and hash stay (a tombstone) so
   * the referral letter's list and the hash history remain intelligible. Never served again.
   */
  deleted: z
    .object({
      at: z.iso.datetime({ offset: true }),
      /** Why, as the admin wrote it (staff only; never in the audit log). */
      reason: z.string(),
    })
    .nullable(),
});
export type TStaffEvidenceFile = z.infer<typeof ZStaffEvidenceFile>;

export const ZCaseEvidence = z.object({
  /** false: no scanner is configured (CLAMD_ADDRESS), so no file can be opened ("scanner not configured"). */
  scannerConfigured: z.boolean(),
  maxFileBytes: z.number().int().positive(),
  maxFilesPerCase: z.number().int().positive(),
  files: z.array(ZStaffEvidenceFile),
});
export type TCaseEvidence = z.infer<typeof ZCaseEvidence>;

export const ZEvidenceFileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
export type TEvidenceFileParams = z.infer<typeof ZEvidenceFileParams>;

export const MAX_EVIDENCE_DELETE_REASON_LENGTH = 500;

/** An admin deletes an evidence file: why (1–500 characters after trimming), kept on the tombstone. */
export const ZEvidenceDelete = z.strictObject({
  reason: caseText(MAX_EVIDENCE_DELETE_REASON_LENGTH, 1),
});
export type TEvidenceDelete = z.infer<typeof ZEvidenceDelete>;

/** What a deleted file's opening answers (404, details.reason evidence_deleted), for staff and windows alike. */
export const EVIDENCE_DELETED_MESSAGE = {
  ja: 'この証拠ファイルは管理者により削除されました。',
  en: 'This evidence file was deleted by an administrator.',
} as const;

export const ZEvidencePreviewParams = z.strictObject({
  id: z.uuid(),
  fileId: z.uuid(),
  kind: ZEvidenceDerivativeKind,
});
export type TEvidencePreviewParams = z.infer<typeof ZEvidencePreviewParams>;
