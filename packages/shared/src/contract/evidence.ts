import { ZCaseIdParams } from '../case-api.schema';
import {
  ZCaseEvidence,
  ZEvidenceDelete,
  ZEvidenceFileParams,
  ZEvidencePreviewParams,
  ZEvidenceUploadReply,
} from '../evidence-api.schema';
import { route } from './route';

const MULTIPART =
  'A multipart/form-data body, streamed to storage: the files in parts named `file` (one or more). ' +
  'Each file is accepted by its content (PNG, JPEG, HEIC, WebP, PDF, UTF-8 text, saved e-mail), whatever its ' +
  'name; a refused file (too large, too many for the case, another type, empty) refuses the whole request with ' +
  'details.reason (evidence_*) and details.file (its name), and nothing of it is kept.';

export const evidenceContract = {
  personUpload: route({
    operationId: 'uploadPersonEvidence',
    tag: 'evidence',
    method: 'POST',
    path: '/intakes/evidence',
    summary: 'Receipt number + access code → the person adds evidence files to their case',
    description:
      `${MULTIPART} The fields \`receiptNumber\` and \`accessCode\` come first, before any file; they are checked ` +
      'like the status look-up (same back-off, same reply for a wrong pair).',
    access: 'public',
    reply: ZEvidenceUploadReply,
    status: 201,
    errors: ['not_found', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
  }),
  staffUpload: route({
    operationId: 'uploadCaseEvidence',
    tag: 'evidence',
    method: 'POST',
    path: '/cases/:id/evidence',
    summary: 'A counselor adds evidence files to a case (phone intakes, files sent by post or e-mail)',
    description: MULTIPART,
    access: 'cases.work',
    params: ZCaseIdParams,
    reply: ZEvidenceUploadReply,
    status: 201,
    errors: ['not_found', 'payload_too_large', 'unsupported_media_type'],
  }),
  list: route({
    operationId: 'listCaseEvidence',
    tag: 'evidence',
    method: 'GET',
    path: '/cases/:id/evidence',
    summary:
      "A case's evidence files: type, size, hash, scan state, and why one cannot be opened (audited as a view)",
    access: 'cases.work',
    params: ZCaseIdParams,
    reply: ZCaseEvidence,
    errors: ['not_found'],
  }),
  download: route({
    operationId: 'downloadCaseEvidence',
    tag: 'evidence',
    method: 'GET',
    path: '/cases/:id/evidence/:fileId/content',
    summary: 'The original file, only once scanned clean (audited); 409 while pending, infected or failed',
    access: 'cases.work',
    params: ZEvidenceFileParams,
    reply: {
      file: [
        'image/png',
        'image/jpeg',
        'image/heic',
        'image/webp',
        'application/pdf',
        'text/plain',
        'message/rfc822',
      ],
    },
    errors: ['not_found', 'conflict'],
  }),
  preview: route({
    operationId: 'previewCaseEvidence',
    tag: 'evidence',
    method: 'GET',
    path: '/cases/:id/evidence/:fileId/preview/:kind',
    summary:
      'A derived copy of a clean image for viewing (view ≤ 1600 px, thumb ≤ 320 px; no EXIF/GPS), not the evidence itself; 404 when there is none',
    description:
      'Made by a job after a clean scan (previewState ready). The thumb is audited as a view of the case, each ' +
      'view copy as evidence.preview. The original and its hash are only ever served by the download route.',
    access: 'cases.work',
    params: ZEvidencePreviewParams,
    reply: { file: ['image/webp'] },
    errors: ['not_found'],
  }),
  remove: route({
    operationId: 'deleteCaseEvidence',
    tag: 'evidence',
    method: 'DELETE',
    path: '/cases/:id/evidence/:fileId',
    summary:
      'An admin deletes an evidence file with a reason (audited as evidence.delete, without the reason)',
    description:
      'The original and its derived copies are removed from the store; the row stays as a tombstone (name, hash, ' +
      'when, by whom, why), no longer served (404 with details.reason evidence_deleted) nor counted against the ' +
      "case's file limit. A file already deleted answers 409 (details.reason evidence_deleted).",
    access: 'evidence.delete',
    params: ZEvidenceFileParams,
    body: ZEvidenceDelete,
    reply: null,
    errors: ['not_found', 'conflict'],
  }),
};
