import { TROUBLE_CATEGORIES, TROUBLE_CATEGORY_CODES, type TLocalized } from '@madoguchi/shared';
import Link from 'next/link';

import { En } from '../ui/en';
import { WindowCard } from './window-card';
import { sortForDirectory, type TWindowFilter } from './window-filter';
import type { TWindowView } from './window-view';

type TWindowDirectoryProps = {
  filter: TWindowFilter;
  result: { windows: readonly TWindowView[] } | { error: TLocalized };
};

export function WindowDirectory({ filter, result }: TWindowDirectoryProps) {
  const filtered = filter.category !== undefined || filter.openNow;
  return (
    <>
      <div>
        <h1>
          相談窓口の一覧
          <En>Directory of help desks</En>
        </h1>
        <p>
          警察や消費生活センターなど、インターネットのトラブルを相談できる窓口です。電話番号を押すと、電話がかけられます。
        </p>
        <En as="p">
          Places that help with internet trouble, such as the police and consumer centres. Tap a number to
          call.
        </En>
      </div>

      <form className="filter" method="get" action="/windows" aria-labelledby="filter-title">
        <p id="filter-title" className="filter__title">
          しぼりこむ
          <En>Filter</En>
        </p>
        <div className="field">
          <label className="field__label" htmlFor="filter-category">
            困っていることの種類
            <En>Kind of trouble</En>
          </label>
          <select
            id="filter-category"
            name="category"
            className="input select"
            defaultValue={filter.category ?? ''}
          >
            <option value="">すべて / All</option>
            {TROUBLE_CATEGORY_CODES.map((code) => (
              <option key={code} value={code}>
                {`${TROUBLE_CATEGORIES[code].label.ja} / ${TROUBLE_CATEGORIES[code].label.en}`}
              </option>
            ))}
          </select>
        </div>
        <div className="choice">
          <input
            id="filter-open-now"
            type="checkbox"
            name="openNow"
            value="true"
            defaultChecked={filter.openNow}
          />
          <label htmlFor="filter-open-now">
            <span className="choice__label">
              いま受付中の窓口だけ
              <En>Only those open now</En>
            </span>
          </label>
        </div>
        <div className="filter__actions">
          <button type="submit" className="button button--secondary">
            しぼりこむ
            <En>Apply</En>
          </button>
          {filtered && (
            <Link href="/windows" className="filter__reset">
              条件をはずす
              <En>Show all</En>
            </Link>
          )}
        </div>
      </form>

      {'error' in result ? (
        <div className="error-summary" role="alert">
          <p className="error-summary__title">
            {result.error.ja}
            <En>{result.error.en}</En>
          </p>
          <p>
            <a href="tel:188">消費者ホットライン 188</a> / <a href="tel:%239110">警察相談 #9110</a>
          </p>
        </div>
      ) : (
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="results-count">
            {filtered
              ? `条件に合う窓口: ${result.windows.length}件`
              : `すべての窓口: ${result.windows.length}件`}
            <En>{`${result.windows.length} help desk${result.windows.length === 1 ? '' : 's'}`}</En>
          </h2>
          {result.windows.length === 0 ? (
            <p>
              条件に合う窓口はありません。条件をかえてください。
              <En>No help desk matches. Please change the filter.</En>
            </p>
          ) : (
            <ul className="window-list">
              {sortForDirectory(result.windows).map((window) => (
                <li key={window.slug}>
                  <WindowCard window={window} headingLevel={3} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
