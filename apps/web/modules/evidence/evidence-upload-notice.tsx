'use client';

import { useSearchParams } from 'next/navigation';

import { uploadNotice } from './upload-result';

/**
 * The outcome of the last upload, from the query of the 303 the upload route answers with. Rendered on the
 * server too (the page is dynamic), so it shows without JavaScript.
 */
export function EvidenceUploadNotice() {
  const notice = uploadNotice(useSearchParams());
  if (!notice) {
    return null;
  }
  const success = notice.tone === 'success';
  return (
    <p
      className={success ? 'notice notice--success small' : 'notice notice--error small'}
      role={success ? 'status' : 'alert'}
      data-testid="evidence-upload-notice"
    >
      {notice.message.ja} <span lang="en">{notice.message.en}</span>
    </p>
  );
}
