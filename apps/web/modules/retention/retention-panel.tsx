import { RETENTION_CLASS_LABELS, type TCaseRetention } from '@madoguchi/shared';

import { formatDateTime } from '../dashboard/format';
import { En } from '../ui/en';
import { setRetention } from './retention-action';
import { RetentionForm } from './retention-form';

/**
 * The case's retention: its class, a legal hold's reason, and — once shredded — that the personal data was
 * deleted. Admins and supervisors change the class here.
 */
export function RetentionPanel({
  caseId,
  retention,
  canManage,
}: {
  caseId: string;
  retention: TCaseRetention;
  canManage: boolean;
}) {
  const label = RETENTION_CLASS_LABELS[retention.retentionClass];
  return (
    <div className="stack-sm" id="retention">
      <p>
        {label.ja} <En>{label.en}</En>
      </p>
      {retention.legalHold ? (
        <p className="small">
          法的保全の理由: {retention.legalHold.reason}({formatDateTime(retention.legalHold.at)}から)
          <En>
            Legal hold since {formatDateTime(retention.legalHold.at)}: {retention.legalHold.reason}
          </En>
        </p>
      ) : null}
      {retention.shreddedAt ? (
        <p className="small muted">
          削除済みのため変更できません。 <En>Shredded: it can no longer change.</En>
        </p>
      ) : canManage ? (
        <RetentionForm
          caseId={caseId}
          current={retention.retentionClass}
          reason={retention.legalHold?.reason ?? null}
          action={setRetention}
        />
      ) : null}
    </div>
  );
}

/** Shown at the top of a shredded case: its personal data was deleted, the statistics fields stay. */
export function ShreddedNotice({ shreddedAt }: { shreddedAt: string }) {
  return (
    <p className="notice" role="status">
      この相談の個人情報(相談内容・連絡先・識別子・メモ・メッセージ・証拠ファイル)は{' '}
      {formatDateTime(shreddedAt)} に削除されました。統計用の項目だけが残っています。
      <En>
        This case&apos;s personal data (description, contact details, identifiers, notes, messages, evidence
        files) was deleted on {formatDateTime(shreddedAt)}. Only the fields used for statistics remain.
      </En>
    </p>
  );
}
