import type { TSafetyAlert } from '@madoguchi/shared';

import { En } from '../ui/en';
import { Rb } from './furigana-view';
import { RECEIPT_TEXTS } from './receipt-texts';

/** The triage's code for "in danger now": shown as the 110 banner instead of as text. */
export const CALL_110_ALERT = 'call-110-now';

/** Safety alerts (court papers, self-harm, one-click-ware…) other than the 110 one. */
export function SafetyAlerts({ alerts }: { alerts: readonly TSafetyAlert[] }) {
  const shown = alerts.filter((alert) => alert.code !== CALL_110_ALERT);
  if (shown.length === 0) {
    return null;
  }
  return (
    <div className="safety-alerts">
      <p className="safety-alerts__title">
        <Rb>{RECEIPT_TEXTS.alertsTitle}</Rb>
        <En>Please read this first</En>
      </p>
      <ul>
        {shown.map((alert) => (
          <li key={alert.code}>
            <Rb>{alert.message.ja}</Rb>
            <En>{alert.message.en}</En>
          </li>
        ))}
      </ul>
    </div>
  );
}
