import { formatFileSize } from '@madoguchi/shared';

import { EvidenceUploadNotice } from './evidence-upload-notice';
import { evidenceUploadAction } from './format';

type TEvidenceUploadFormProps = { caseId: string; maxFileBytes: number; maxFilesPerCase: number };

/** What the file picker offers; the API decides by the content, so this is only a hint to the picker. */
const ACCEPT =
  'image/png,image/jpeg,image/heic,image/webp,application/pdf,text/plain,message/rfc822,.heic,.eml,.txt';

/**
 * A counselor adds files to the case (a phone intake, files sent by post or e-mail). A plain multipart form
 * posted to the web's route handler, which streams it on to the API and answers with a 303 back here (the
 * outcome in the query, shown by EvidenceUploadNotice): the same with and without JavaScript.
 */
export function EvidenceUploadForm({ caseId, maxFileBytes, maxFilesPerCase }: TEvidenceUploadFormProps) {
  return (
    <>
      <EvidenceUploadNotice />
      {/* Folded like the page's other long parts: a phone intake's files are added now and then. */}
      <details className="case-more evidence-upload">
        <summary>
          証拠ファイルを追加 <span lang="en">/ Add evidence files</span>
        </summary>
        <form method="post" action={evidenceUploadAction(caseId)} encType="multipart/form-data">
          <label htmlFor="evidence-files" className="strong">
            ファイルを選ぶ <span lang="en">/ Choose files</span>
          </label>
          <p className="small muted" id="evidence-files-hint">
            画像(PNG・JPEG・HEIC・WebP)、PDF、テキスト、保存したメール(.eml)。1ファイル{' '}
            {formatFileSize(maxFileBytes)}まで、1件の相談につき{maxFilesPerCase}ファイルまで。
            <span lang="en">
              {' '}
              Images, PDFs, plain text, saved e-mails; up to {formatFileSize(maxFileBytes)} per file,{' '}
              {maxFilesPerCase} files per case.
            </span>
          </p>
          <div className="button-row">
            <input
              id="evidence-files"
              type="file"
              name="file"
              multiple
              required
              accept={ACCEPT}
              aria-describedby="evidence-files-hint"
            />
            <button type="submit" className="btn">
              追加する <span lang="en">/ Upload</span>
            </button>
          </div>
        </form>
      </details>
    </>
  );
}
