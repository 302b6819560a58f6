import { EVIDENCE_FORM_FIELDS, type TLocalized, ZEvidenceFile, ZLocalized } from '@madoguchi/shared';
import { z } from 'zod';

import type { TApiResult } from '../../lib/api-client';

/*
 * What the person is told after an upload, the same with and without JavaScript: the files received (name,
 * type, size, SHA-256 of the bytes as received), or why the upload was refused (which file, why). It holds no
 * receipt number and no access code: it travels to the no-JavaScript result page in a sealed token.
 */

/** The path the form posts to (app/(public)/status/evidence/route.ts). */
export const EVIDENCE_UPLOAD_PATH = '/status/evidence';
/** The page a plain form POST is sent on to (303) with the sealed outcome. */
export const EVIDENCE_RESULT_PATH = '/status/evidence/result';

/** A file as the person is shown it: the stored file's name, type, size and hash (nothing of the scan). */
export const ZReceivedFile = ZEvidenceFile.pick({ name: true, kind: true, sizeBytes: true, sha256: true });
export type TReceivedFile = z.infer<typeof ZReceivedFile>;

export const ZEvidenceOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('received'), files: z.array(ZReceivedFile) }),
  z.object({
    status: z.literal('refused'),
    message: ZLocalized,
    /** The refused file's name, when one file was the reason. */
    file: z.string().optional(),
    /** details.reason (evidence_*), or the error code (not_found, rate_limited, unavailable…). */
    reason: z.string(),
    /** Field messages (a missing receipt number or access code). */
    details: z.array(ZLocalized).default([]),
  }),
]);
export type TEvidenceOutcome = z.infer<typeof ZEvidenceOutcome>;

const NOT_MULTIPART: TLocalized = {
  ja: 'ファイルを受け取れませんでした。ページを読み込み直して、もう一度ためしてください。',
  en: 'The files could not be received. Please reload the page and try again.',
};

/** Refused before reaching the API: the form was not a multipart upload. */
export const NOT_MULTIPART_OUTCOME: TEvidenceOutcome = {
  status: 'refused',
  message: NOT_MULTIPART,
  reason: 'evidence_malformed',
  details: [],
};

/** The API's answer as the person is told it; the HTTP status the JSON answer carries. */
export function outcomeOf(result: TApiResult<{ files: TReceivedFile[] }>): {
  outcome: TEvidenceOutcome;
  status: number;
} {
  if (result.ok) {
    const files = result.data.files.map(({ name, kind, sizeBytes, sha256 }) => ({
      name,
      kind,
      sizeBytes,
      sha256,
    }));
    return { outcome: { status: 'received', files }, status: 201 };
  }
  const { error } = result;
  const file = typeof error.details.file === 'string' ? error.details.file : undefined;
  const credentialFields: readonly string[] = [
    EVIDENCE_FORM_FIELDS.receiptNumber,
    EVIDENCE_FORM_FIELDS.accessCode,
  ];
  return {
    outcome: {
      status: 'refused',
      message: error.message,
      ...(file ? { file } : {}),
      reason: error.reason ?? error.code,
      // Only the credentials' messages: they are the fields of this form the person can fix.
      details: error.fields.filter((field) => credentialFields.includes(field.path)).map((f) => f.message),
    },
    // 0: the API could not be reached.
    status: error.status >= 400 ? error.status : 503,
  };
}
