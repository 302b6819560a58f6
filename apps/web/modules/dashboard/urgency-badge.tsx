import { type TUrgency, URGENCY_LABELS } from '@madoguchi/shared';

const SYMBOLS: Readonly<Record<TUrgency, string>> = {
  emergency: '‼',
  high: '!',
  normal: '・',
  low: '↓',
};

/**
 * Urgency by colour AND text AND a symbol: colour alone fails people who do not see it (WCAG 1.4.1),
 * and the word is what a screen reader reads.
 */
export function UrgencyBadge({ urgency, label }: { urgency: TUrgency; label?: string }) {
  const text = URGENCY_LABELS[urgency];
  return (
    <span className={`badge urgency urgency--${urgency}`} data-urgency={urgency}>
      <span aria-hidden="true" className="urgency__symbol">
        {SYMBOLS[urgency]}
      </span>
      {label ? <span className="visually-hidden">{label}</span> : null}
      {text.ja}
      <span lang="en" className="badge__en">
        {text.en}
      </span>
    </span>
  );
}
