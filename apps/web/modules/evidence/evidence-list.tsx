import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_PREVIEW_STATE_LABELS,
  EVIDENCE_SCAN_STATE_LABELS,
  formatFileSize,
  type TCaseEvidence,
  type TStaffEvidenceFile,
} from '@madoguchi/shared';

import { formatDateTime } from '../dashboard/format';
import { CopyButton } from './copy-button';
import { EvidenceDeleteForm } from './evidence-delete-form';
import type { TEvidenceDeleteAction } from './evidence-delete-state';
import { EvidenceImage } from './evidence-image';
import { evidenceFileHref, evidencePreviewHref, isImage } from './format';

type TEvidenceListProps = {
  caseId: string;
  evidence: TCaseEvidence;
  /** Only for admins (policy `evidence.delete`): each file not yet deleted gets a delete form. */
  deleteAction?: TEvidenceDeleteAction;
};

const SCANNER_NOT_CONFIGURED = {
  ja: 'ウイルス検査の仕組みが設定されていません。検査が終わるまでファイルは開けません(管理者にお知らせください)。',
  en: 'Scanner not configured: no file can be opened until it has been scanned (please tell an administrator).',
};

/** A deleted file's tombstone: when, and the admin's reason (staff only); nothing of it can be opened. */
function DeletedNote({ deleted }: { deleted: NonNullable<TStaffEvidenceFile['deleted']> }) {
  return (
    <>
      <p className="small evidence-file__state warning-text">
        削除済み <span lang="en">/ Deleted</span>{' '}
        <time dateTime={deleted.at}>{formatDateTime(deleted.at)}</time>
      </p>
      <p className="small evidence-file__why">
        理由 <span lang="en">/ Reason</span>: {deleted.reason}
      </p>
    </>
  );
}

function EvidenceItem({
  caseId,
  file,
  deleteAction,
}: {
  caseId: string;
  file: TStaffEvidenceFile;
  deleteAction: TEvidenceDeleteAction | undefined;
}) {
  const kind = EVIDENCE_KIND_LABELS[file.kind];
  return (
    <li className="evidence-file" data-testid={`evidence-file-${file.id}`}>
      <p className="evidence-file__name">{file.name}</p>
      <p className="small muted evidence-file__meta">
        {kind.ja} <span lang="en">/ {kind.en}</span>
        {'・'}
        <data value={file.sizeBytes}>{formatFileSize(file.sizeBytes)}</data>
        {'・受付 '}
        <time dateTime={file.receivedAt}>{formatDateTime(file.receivedAt)}</time>
        <span lang="en"> (received)</span>
        {file.source === 'staff' ? ' ・相談員が追加 / added by staff' : ''}
      </p>
      <p className="small evidence-file__hash">
        SHA-256: <code className="evidence-hash">{file.sha256}</code>{' '}
        <CopyButton text={file.sha256} label={`SHA-256 ${file.name}`} />
      </p>
      {file.deleted ? (
        <DeletedNote deleted={file.deleted} />
      ) : (
        <ActiveFile caseId={caseId} file={file} deleteAction={deleteAction} />
      )}
    </li>
  );
}

function ActiveFile({
  caseId,
  file,
  deleteAction,
}: {
  caseId: string;
  file: TStaffEvidenceFile;
  deleteAction: TEvidenceDeleteAction | undefined;
}) {
  const state = EVIDENCE_SCAN_STATE_LABELS[file.scanState];
  const clean = file.scanState === 'clean';
  const href = evidenceFileHref(caseId, file.id);
  return (
    <>
      <p className={clean ? 'small evidence-file__state' : 'small evidence-file__state warning-text'}>
        {clean ? '✓ ' : '⚠ '}
        {state.ja} <span lang="en">/ {state.en}</span>
      </p>
      {/* The reason, unless it only repeats the state (pending and failed say it in their label). */}
      {file.unavailableReason && file.unavailableReason.ja !== state.ja ? (
        <p className="small evidence-file__why">
          {file.unavailableReason.ja} <span lang="en">{file.unavailableReason.en}</span>
        </p>
      ) : null}
      {clean ? (
        <>
          {isImage(file.kind) ? <EvidencePreview caseId={caseId} file={file} /> : null}
          <p className="small">
            <a href={href} download>
              ダウンロード <span lang="en">/ Download</span>
              <span className="visually-hidden">: {file.name}</span>
            </a>
          </p>
        </>
      ) : null}
      {deleteAction ? (
        <EvidenceDeleteForm caseId={caseId} fileId={file.id} fileName={file.name} action={deleteAction} />
      ) : null}
    </>
  );
}

/**
 * A clean image's preview: its derived copies (never the original, which only the download gives), hidden
 * until shown (EvidenceImage); or why there is none yet (pending), none at all (HEIC) or none possible (failed).
 */
function EvidencePreview({ caseId, file }: { caseId: string; file: TStaffEvidenceFile }) {
  if (file.previewState === 'ready') {
    return (
      <EvidenceImage
        thumbSrc={evidencePreviewHref(caseId, file.id, 'thumb')}
        viewSrc={evidencePreviewHref(caseId, file.id, 'view')}
        name={file.name}
        fileId={file.id}
      />
    );
  }
  const label = file.previewReason ?? EVIDENCE_PREVIEW_STATE_LABELS[file.previewState];
  return (
    <p
      className={file.previewState === 'failed' ? 'small warning-text' : 'small muted'}
      data-testid={`evidence-preview-${file.previewState}-${file.id}`}
    >
      {file.previewState === 'pending' ? '⏳ ' : ''}
      {label.ja} <span lang="en">/ {label.en}</span>
    </p>
  );
}

/**
 * A case's evidence files as a compact list: name, type, size, received time, SHA-256 (what a window can check
 * the file against), scan state, and why a file cannot be opened. Only clean files have a download link (the
 * original); clean images show their preview copies, hidden until shown (EvidenceImage). A deleted file shows
 * 「削除済み」 with when and why; admins get a delete form on the others.
 */
export function EvidenceList({ caseId, evidence, deleteAction }: TEvidenceListProps) {
  return (
    <>
      {/* Said once for the list; an empty case stays one line (its files would wait the same way). */}
      {evidence.scannerConfigured || evidence.files.length === 0 ? null : (
        <p className="notice notice--warning small" data-testid="evidence-scanner-missing">
          {SCANNER_NOT_CONFIGURED.ja} <span lang="en">{SCANNER_NOT_CONFIGURED.en}</span>
        </p>
      )}
      {evidence.files.length === 0 ? (
        <p className="muted small">
          証拠ファイルはありません。 <span lang="en">No evidence files.</span>
        </p>
      ) : (
        <ul className="evidence-list">
          {evidence.files.map((file) => (
            <EvidenceItem key={file.id} caseId={caseId} file={file} deleteAction={deleteAction} />
          ))}
        </ul>
      )}
    </>
  );
}
