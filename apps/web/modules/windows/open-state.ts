import { formatTokyoDateTime, type TLocalized } from '@madoguchi/shared';

import type { TWindowView } from './window-view';

export type TOpenState = { tone: 'open' | 'closed' | 'unknown'; text: TLocalized };

/** 'いま受付中' / 'いまは受付時間外です。次は 12月1日(月) 9:00 から', or undefined for report-only windows. */
export function openState(
  window: Pick<TWindowView, 'openNow' | 'nextOpenAt' | 'hours'>,
): TOpenState | undefined {
  if (window.openNow === true) {
    return { tone: 'open', text: { ja: 'いま受付中', en: 'Open now' } };
  }
  if (window.openNow === false) {
    if (!window.nextOpenAt) {
      return { tone: 'closed', text: { ja: 'いまは受付時間外です', en: 'Closed now' } };
    }
    const next = formatTokyoDateTime(window.nextOpenAt);
    return {
      tone: 'closed',
      text: {
        ja: `いまは受付時間外です。次は ${next.ja} から`,
        en: `Closed now. Opens ${next.en}`,
      },
    };
  }
  if (window.hours.kind === 'none') {
    return undefined;
  }
  return { tone: 'unknown', text: { ja: '受付時間はわかっていません', en: 'Hours not known' } };
}
