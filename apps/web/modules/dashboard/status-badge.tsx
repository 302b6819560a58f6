import { CASE_STATUS_LABELS, type TCaseStatus } from '@madoguchi/shared';

export function StatusBadge({ status }: { status: TCaseStatus }) {
  const text = CASE_STATUS_LABELS[status];
  return (
    <span className={`badge status status--${status}`}>
      {text.ja}
      <span lang="en" className="badge__en">
        {text.en}
      </span>
    </span>
  );
}
