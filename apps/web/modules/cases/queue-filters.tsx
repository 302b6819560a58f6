import {
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  INTAKE_CHANNEL_LABELS,
  INTAKE_CHANNELS,
  type TDirectoryEntry,
  TROUBLE_CATEGORIES,
  TROUBLE_CATEGORY_CODES,
  URGENCY_LABELS,
  URGENCY_LEVELS,
} from '@madoguchi/shared';
import Link from 'next/link';

import { applyQueueFilters } from './queue-actions';
import type { TQueueFilters } from './queue-query';

type TQueueFiltersProps = {
  filters: TQueueFilters;
  /** The opened search term (never from the URL: it is sealed there). */
  term?: string;
  directory: TDirectoryEntry[];
};

/**
 * A form posted to a server action, which puts the filters into the URL and seals the search term (see
 * queue-actions.ts); it works before (or without) JavaScript.
 */
export function QueueFilters({ filters, term, directory }: TQueueFiltersProps) {
  const has = (key: keyof TQueueFilters, value: string) => filters[key]?.includes(value) ?? false;
  const first = (key: keyof TQueueFilters) => filters[key]?.[0] ?? '';
  return (
    <form
      className="filters"
      action={applyQueueFilters}
      role="search"
      aria-label="相談の絞り込み / Filter cases"
    >
      <div className="filters__row">
        <div className="field field--grow">
          <label htmlFor="filter-q">
            検索 <span lang="en">/ Search</span>
          </label>
          <input
            id="filter-q"
            name="q"
            type="search"
            defaultValue={term ?? ''}
            placeholder="受付番号・電話番号・URL・内容の言葉・種類(架空請求など)"
            aria-describedby="filter-q-hint"
          />
          <span id="filter-q-hint" className="hint">
            すべての言葉を含む相談を探します(内容・メモは一部の言葉でも)。電話番号・メールアドレス・URLなどの連絡先と識別子は、全体を入力したときだけ見つかります。種類の名前(「架空請求」「いじめ」など)はその種類の相談も、受付番号はハイフンなしでも見つけます。
            <span lang="en">
              {' '}
              Finds cases containing every word (any word of the description and notes). Contact details and
              identifiers (phone numbers, e-mail addresses, URLs) are found by their whole value only. The
              name of a category (phishing) also finds the cases of that category, and a receipt number works
              without its hyphen.
            </span>
          </span>
        </div>
      </div>
      <div className="filters__row">
        <fieldset className="check-group">
          <legend>
            状態 <span lang="en">/ Status</span>
          </legend>
          {CASE_STATUSES.map((status) => (
            <label key={status} className="check">
              <input type="checkbox" name="status" value={status} defaultChecked={has('status', status)} />
              {CASE_STATUS_LABELS[status].ja}
            </label>
          ))}
          <span className="hint">
            何も選ばないと未終了のすべて <span lang="en">(none: all open)</span>
          </span>
        </fieldset>
        <fieldset className="check-group">
          <legend>
            優先度 <span lang="en">/ Priority</span>
          </legend>
          {URGENCY_LEVELS.map((level) => (
            <label key={level} className="check">
              <input type="checkbox" name="priority" value={level} defaultChecked={has('priority', level)} />
              {URGENCY_LABELS[level].ja}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="filters__row">
        <div className="field">
          <label htmlFor="filter-category">
            種類 <span lang="en">/ Category</span>
          </label>
          <select id="filter-category" name="category" defaultValue={first('category')}>
            <option value="">すべて / Any</option>
            {TROUBLE_CATEGORY_CODES.map((code) => (
              <option key={code} value={code}>
                {TROUBLE_CATEGORIES[code].label.ja}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-assignee">
            担当 <span lang="en">/ Assignee</span>
          </label>
          <select id="filter-assignee" name="assignee" defaultValue={first('assignee')}>
            <option value="">すべて / Anyone</option>
            <option value="me">自分 / Me</option>
            <option value="unassigned">担当者なし / Unassigned</option>
            {directory.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-channel">
            受付方法 <span lang="en">/ Channel</span>
          </label>
          <select id="filter-channel" name="channel" defaultValue={first('channel')}>
            <option value="">すべて / Any</option>
            {INTAKE_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {INTAKE_CHANNEL_LABELS[channel].ja}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">
            受付日(から) <span lang="en">/ From</span>
          </label>
          <input id="filter-from" name="from" type="date" defaultValue={first('from')} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">
            受付日(まで) <span lang="en">/ To</span>
          </label>
          <input id="filter-to" name="to" type="date" defaultValue={first('to')} />
        </div>
        <div className="field">
          <label htmlFor="filter-tag">
            タグ <span lang="en">/ Tag</span>
          </label>
          <input id="filter-tag" name="tag" type="text" defaultValue={filters.tag?.join(',') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="filter-sort">
            並び順 <span lang="en">/ Order</span>
          </label>
          <select
            id="filter-sort"
            name="sort"
            defaultValue={first('sort') || 'queue'}
            aria-describedby="filter-sort-hint"
          >
            <option value="queue">優先度・古い順 / Priority, oldest first</option>
            <option value="due">対応期限の近い順 / Time left, soonest first</option>
          </select>
          <span id="filter-sort-hint" className="hint">
            期限の近い順: 期限切れと残りの短い相談が先、対応済みは最後(検索中は優先度順)。
            <span lang="en">
              {' '}
              Time left: overdue and soonest first, answered last (a search keeps priority order).
            </span>
          </span>
        </div>
        <label className="check check--inline">
          <input
            type="checkbox"
            name="followUpOverdue"
            value="true"
            defaultChecked={first('followUpOverdue') === 'true'}
          />
          フォロー期限切れのみ <span lang="en">/ Follow-up overdue only</span>
        </label>
      </div>
      <div className="button-row">
        <button className="btn btn--primary" type="submit">
          絞り込む / Apply
        </button>
        <Link className="btn btn--quiet" href="/cases">
          条件をクリア / Clear
        </Link>
      </div>
    </form>
  );
}
