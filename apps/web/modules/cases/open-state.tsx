import type { TWindowView } from '@madoguchi/shared';
import { formatDateTime } from '../dashboard/format';

/** Whether a window takes contacts now, in words (not colour only), with its next opening. */
export function OpenState({ window }: { window: Pick<TWindowView, 'openNow' | 'nextOpenAt'> }) {
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
  return (
    <span className="badge open-state">
      受付時間の定めなし <span lang="en">No live hours</span>
    </span>
  );
}
