import type { TCaseEvidence } from '@madoguchi/shared';

import type { TApiResult } from '../../lib/api-client';
import { ErrorState } from '../dashboard/page-states';
import { deleteEvidence } from './evidence-delete-action';
import { EvidenceList } from './evidence-list';
import { EvidenceUploadForm } from './evidence-upload-form';

/**
 * The case page's evidence section: the files (the API audits the listing as a view of the case) and the
 * counselor's upload form. The page loads the list once, for this section and the referral form's choice of
 * files to share.
 */
export function EvidenceSection({
  caseId,
  evidence,
  canDelete = false,
}: {
  caseId: string;
  evidence: TApiResult<TCaseEvidence>;
  /** Whether the signed-in person may delete files (admins: policy `evidence.delete`); the API checks again. */
  canDelete?: boolean;
}) {
  return (
    <section aria-labelledby="evidence-title" className="panel case-section evidence-section">
      <h2 id="evidence-title">
        証拠ファイル <span lang="en">/ Evidence</span>
      </h2>
      {evidence.ok ? (
        <>
          <EvidenceList
            caseId={caseId}
            evidence={evidence.data}
            deleteAction={canDelete ? deleteEvidence : undefined}
          />
          <EvidenceUploadForm
            caseId={caseId}
            maxFileBytes={evidence.data.maxFileBytes}
            maxFilesPerCase={evidence.data.maxFilesPerCase}
          />
        </>
      ) : (
        <ErrorState message={evidence.error.message} retryHref={`/cases/${caseId}`} />
      )}
    </section>
  );
}
