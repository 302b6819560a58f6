import { contract } from '@madoguchi/shared';

import { staffCall } from '../../lib/staff-api';
import { ErrorState } from '../dashboard/page-states';
import { EvidenceList } from './evidence-list';
import { EvidenceUploadForm } from './evidence-upload-form';

/**
 * The case page's evidence section: the files (the API audits the listing as a view of the case) and the
 * counselor's upload form. Fetches its own data so the case page only places it.
 */
export async function EvidenceSection({ caseId }: { caseId: string }) {
  const evidence = await staffCall(contract.evidence.list, { params: { id: caseId } });
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
