import { takesReportsAnyTime, type TWindowView } from '@madoguchi/shared';
import { formatDateTime } from '../dashboard/format';

/** Whether a window takes contacts now, in words (not colour only), with its next opening. */
export function OpenState({
  window,
}: {
  window: Pick<TWindowView, 'openNow' | 'nextOpenAt' | 'hours' | 'channels'>;
}) {
  if (window.openNow === true) {
    return (
      <span className="badge open-state open-state--open">
        受付中 <span lang="en">Open now</span>
      </span>
    );
  }
  if (window.openNow === false) {
    return (
      <span className="badge open-state open-state--closed">
        受付時間外 <span lang="en">Closed</span>
        {window.nextOpenAt ? (
          <span className="small">
            {' '}
            (次: {formatDateTime(window.nextOpenAt)} <span lang="en">next</span>)
          </span>
        ) : null}
      </span>
    );
  }
  if (takesReportsAnyTime(window)) {
    return (
      <span className="badge open-state open-state--open">
        ウェブ・メールでいつでも受付 <span lang="en">Reports online, any time</span>
      </span>
    );
  }
  if (window.hours.kind === 'none') {
    return (
      <span className="badge open-state">
        直接の受付なし(案内のみ) <span lang="en">Directory only, no live contact</span>
      </span>
    );
  }
  // Unknown is not "no set hours": the counselor must check before sending the person there.
  return (
    <span className="badge open-state open-state--unknown">
      受付時間不明・紹介前に確認 <span lang="en">Hours unknown: check before referring</span>
    </span>
  );
}
