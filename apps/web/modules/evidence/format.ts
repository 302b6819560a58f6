import type { TEvidenceDerivativeKind, TEvidenceKind } from '@madoguchi/shared';

/** Image kinds: they get preview copies (or say why not); HEIC is download-only ("no preview"). */
const IMAGES: ReadonlySet<TEvidenceKind> = new Set(['png', 'jpeg', 'webp', 'heic']);

export function isImage(kind: TEvidenceKind): boolean {
  return IMAGES.has(kind);
}

/** The web app's streaming route for one file (app/api/staff/cases/[id]/evidence/[fileId]/route.ts). */
export function evidenceFileHref(caseId: string, fileId: string): string {
  return `/api/staff/cases/${caseId}/evidence/${fileId}`;
}

/**
 * The web app's streaming route for a derived copy (app/api/staff/cases/[id]/evidence/[fileId]/preview/[kind]):
 * `thumb` for the list, `view` once 「表示する」 is pressed. Never the original.
 */
export function evidencePreviewHref(caseId: string, fileId: string, kind: TEvidenceDerivativeKind): string {
  return `/api/staff/cases/${caseId}/evidence/${fileId}/preview/${kind}`;
}

/** The upload form's target (app/api/staff/cases/[id]/evidence/route.ts). */
export function evidenceUploadAction(caseId: string): string {
  return `/api/staff/cases/${caseId}/evidence`;
}
