import type { TEvidenceKind } from '@madoguchi/shared';

/** Kinds a browser shows in an <img>; HEIC is download-only. */
const PREVIEWABLE: ReadonlySet<TEvidenceKind> = new Set(['png', 'jpeg', 'webp']);

export function isPreviewable(kind: TEvidenceKind): boolean {
  return PREVIEWABLE.has(kind);
}

/** The web app's streaming route for one file (app/api/staff/cases/[id]/evidence/[fileId]/route.ts). */
export function evidenceFileHref(caseId: string, fileId: string): string {
  return `/api/staff/cases/${caseId}/evidence/${fileId}`;
}

/** The upload form's target (app/api/staff/cases/[id]/evidence/route.ts). */
export function evidenceUploadAction(caseId: string): string {
  return `/api/staff/cases/${caseId}/evidence`;
}
