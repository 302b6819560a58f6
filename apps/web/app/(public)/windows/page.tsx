import type { Metadata } from 'next';

import { listWindows } from '../../../lib/api';
import { WindowDirectory } from '../../../modules/windows/window-directory';
import { parseWindowFilter } from '../../../modules/windows/window-filter';

export const metadata: Metadata = { title: '相談窓口の一覧 / Directory of help desks' };

type TWindowsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every consultation window, filtered with a plain GET form (works without JavaScript). */
export default async function WindowsPage({ searchParams }: TWindowsPageProps) {
  const filter = parseWindowFilter(await searchParams);
  const result = await listWindows({ category: filter.category, openNow: filter.openNow ? true : undefined });
  return (
    <div className="container stack">
      <WindowDirectory
        filter={filter}
        result={result.ok ? { windows: result.data } : { error: result.error.message }}
      />
    </div>
  );
}
