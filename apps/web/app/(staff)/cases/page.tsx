import { contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';

import { staffCall } from '../../../lib/staff-api';
import { Bi } from '../../../modules/dashboard/bi';
import { EmptyState, ErrorState } from '../../../modules/dashboard/page-states';
import { sessionSecret } from '../../../modules/auth/session-token';
import { bulkUpdateCases } from '../../../modules/cases/bulk-actions';
import { CaseQueue } from '../../../modules/cases/case-queue';
import { QueueFilters } from '../../../modules/cases/queue-filters';
import {
  PRESET_VIEWS,
  queueHref,
  readQueueFilters,
  toCaseQuery,
  withoutSearch,
  type TQueueQuery,
  type TSearchParams,
} from '../../../modules/cases/queue-query';
import { SavedViews } from '../../../modules/cases/saved-views';
import { openSearchToken, sealSearchTerm } from '../../../modules/cases/search-token';
import { StatusCounts } from '../../../modules/cases/status-counts';

export const metadata: Metadata = { title: '相談一覧 / Cases' };

type TCasesPageProps = { searchParams: Promise<TSearchParams> };

const SEARCH_NOT_OPENED = {
  ja: 'この検索は有効期限(1時間)が切れたか、開けません。検索語をもう一度入れてください。',
  en: 'This search has expired (after an hour) or cannot be opened. Please enter the search words again.',
};

export default async function CasesPage({ searchParams }: TCasesPageProps) {
  const params = await searchParams;
  const filters = readQueueFilters(params);
  if (params['q'] !== undefined) {
    // An old link or bookmark with the term in plain sight: seal it and replace the address at once.
    const term = [params['q']].flat().join(' ').trim();
    redirect(queueHref(term ? { ...filters, s: [sealSearchTerm(term, sessionSecret())] } : filters));
  }
  const opened = filters.s?.[0] === undefined ? undefined : openSearchToken(filters.s[0], sessionSecret());
  const term = opened?.ok ? opened.term : undefined;
  const query: TQueueQuery =
    opened?.ok === false
      ? { ok: false, message: SEARCH_NOT_OPENED, paths: ['s'] }
      : toCaseQuery(filters, term);
  const [list, directory] = await Promise.all([
    !query.ok
      ? null
      : query.term
        ? staffCall(contract.cases.search, { body: { ...query.query, q: query.term } })
        : staffCall(contract.cases.list, { query: query.query }),
    staffCall(contract.users.directory, {}),
  ]);
  const currentHref = queueHref(filters);
  const onLaterPage = Boolean(filters.cursor);

  return (
    <div className="stack">
      <div className="page-head">
        <h1>
          相談一覧{' '}
          <span lang="en" className="en">
            Triage queue
          </span>
        </h1>
        <Link className="btn btn--primary" href="/cases/new">
          電話で受け付ける <span lang="en">/ New phone intake</span>
        </Link>
      </div>

      {list?.ok && list.data.counts ? <StatusCounts counts={list.data.counts} /> : null}

      <nav aria-label="よく使う条件 / Preset views" className="presets">
        <ul className="chip-list">
          {PRESET_VIEWS.map((view) => {
            const href = queueHref(view.filters);
            return (
              <li key={view.id} className="chip">
                <Link href={href} aria-current={href === currentHref ? 'page' : undefined}>
                  {view.label.ja} <span lang="en">{view.label.en}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <details className="panel" open={Object.keys(filters).some((key) => key !== 'cursor')}>
        <summary>
          絞り込み・検索 <span lang="en">/ Filters and search</span>
        </summary>
        <QueueFilters filters={filters} term={term} directory={directory.ok ? directory.data : []} />
      </details>

      <SavedViews currentHref={queueHref(withoutSearch(filters))} searching={Boolean(filters.s)} />

      <section aria-labelledby="results-title" className="stack-sm">
        <h2 id="results-title" className="h-small">
          結果 <span lang="en">/ Results</span>
          {list?.ok ? (
            <span className="muted small">
              {' '}
              {list.data.items.length}件{list.data.nextCursor ? '(続きあり)' : ''}{' '}
              <span lang="en">
                {list.data.items.length} shown{list.data.nextCursor ? ', more on the next page' : ''}
              </span>
            </span>
          ) : null}
        </h2>
        <p className="hint" id="queue-keys">
          キーボード: j / k で移動、Enter で開く。
          <span lang="en"> Keyboard: j / k to move, Enter to open.</span>
        </p>
        {!query.ok ? (
          <ErrorState
            message={query.message}
            retryHref={opened?.ok === false ? queueHref(withoutSearch(filters)) : '/cases'}
          />
        ) : list && !list.ok ? (
          <ErrorState message={list.error.message} retryHref={currentHref} />
        ) : !list ? null : list.data.items.length === 0 ? (
          <EmptyState>
            <p>
              <Bi
                block
                text={
                  list.data.nextCursor
                    ? {
                        // A search of one-character words reads a bounded stretch of the queue per page, so
                        // a stretch may hold no match while later ones do.
                        ja: 'この範囲には見つかりませんでした。「次のページ」で続きを探します。',
                        en: 'Nothing found in this stretch. Use “Next page” to keep searching.',
                      }
                    : {
                        ja: onLaterPage ? 'これ以上の相談はありません。' : '条件に合う相談はありません。',
                        en: onLaterPage ? 'No more cases.' : 'No cases match these filters.',
                      }
                }
              />
            </p>
            <Link href="/cases">すべての未終了の相談を見る / See all open cases</Link>
          </EmptyState>
        ) : (
          <CaseQueue
            cases={list.data.items}
            bulk={{ action: bulkUpdateCases, directory: directory.ok ? directory.data : [] }}
          />
        )}
        {list?.ok ? (
          <nav aria-label="ページ / Pages" className="pager">
            {onLaterPage ? (
              <Link className="btn btn--quiet" href={currentHref}>
                最初のページへ / First page
              </Link>
            ) : null}
            {list.data.nextCursor ? (
              <Link className="btn" href={queueHref(filters, list.data.nextCursor)}>
                次のページ / Next page
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
