import { formatTokyoDateTime, takesReportsAnyTime, type TLocalized } from '@madoguchi/shared';

import type { TWindowView } from './window-view';

export type TOpenState = { tone: 'open' | 'closed' | 'unknown'; text: TLocalized };

/**
 * 'いま受付中' / 'いまは受付時間外です。次は 12月1日(月) 9:00 から' / a web form that takes reports at any hour, or
 * undefined for a directory with no way to contact it directly.
 */
export function openState(
  window: Pick<TWindowView, 'openNow' | 'nextOpenAt' | 'hours' | 'channels'>,
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
  if (takesReportsAnyTime(window)) {
    return {
      tone: 'open',
      text: { ja: 'ウェブ・メールでいつでも受付', en: 'Takes reports online at any time' },
    };
  }
  if (window.hours.kind === 'none') {
    return undefined;
  }
  return {
    tone: 'unknown',
    text: {
      ja: '受付時間はわかっていません。連絡する前に確認してください',
      en: 'Hours unknown: check before contacting',
    },
  };
}
