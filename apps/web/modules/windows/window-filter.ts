import { type TTroubleCategory, ZTroubleCategory } from '@madoguchi/shared';

import type { TWindowView } from './window-view';

export type TWindowFilter = { category: TTroubleCategory | undefined; openNow: boolean };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The directory's query string; anything unknown is ignored rather than refused. */
export function parseWindowFilter(params: Record<string, string | string[] | undefined>): TWindowFilter {
  return {
    category: ZTroubleCategory.safeParse(first(params['category'])).data,
    openNow: first(params['openNow']) === 'true',
  };
}

function openRank(window: TWindowView): number {
  if (window.openNow === true) {
    return 0;
  }
  return window.openNow === false ? 1 : 2;
}

/** Open now first, then those with hours, then the rest; the API's order within each group. */
export function sortForDirectory(windows: readonly TWindowView[]): TWindowView[] {
  return windows
    .map((window, index) => ({ window, index }))
    .sort((a, b) => openRank(a.window) - openRank(b.window) || a.index - b.index)
    .map(({ window }) => window);
}
