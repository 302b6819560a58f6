import type { TCaseEvidence } from '@madoguchi/shared';

import type { TApiResult } from '../../lib/api-client';
import { ErrorState } from '../dashboard/page-states';
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
}: {
  caseId: string;
  evidence: TApiResult<TCaseEvidence>;
}) {
  return (
    <section aria-labelledby="evidence-title" className="panel case-section evidence-section">
      <h2 id="evidence-title">
        証拠ファイル <span lang="en">/ Evidence</span>
      </h2>
      {evidence.ok ? (
        <>
          <EvidenceList caseId={caseId} evidence={evidence.data} />
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
