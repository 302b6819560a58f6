'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useState } from 'react';
import { z } from 'zod';

const STORAGE_KEY = 'madoguchi.savedCaseViews.v1';
const MAX_VIEWS = 20;

const ZSavedViews = z
  .array(z.object({ name: z.string().min(1).max(40), href: z.string().startsWith('/cases') }))
  .max(MAX_VIEWS);
type TSavedView = z.infer<typeof ZSavedViews>[number];

function load(): TSavedView[] {
  try {
    const parsed = ZSavedViews.safeParse(JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function store(views: TSavedView[]): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(views));
  } catch {
    // Private mode or a full quota: the views simply are not kept.
  }
}

/**
 * Personal saved views: a name for the current filters, kept in this browser only. Filters are URLs
 * without personal data; a search is not part of a view (its term is sealed with an expiry, and names
 * or phone numbers have no place in a list kept for good).
 */
export function SavedViews({ currentHref, searching = false }: { currentHref: string; searching?: boolean }) {
  const [views, setViews] = useState<TSavedView[]>([]);
  const [message, setMessage] = useState('');

  // Browser storage exists only after hydration; reading it in the first render would make the server's
  // and the browser's HTML differ, so the views are read once, on mount.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a single post-hydration read, see above
    setViews(load());
  }, []);

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('viewName') ?? '')
      .trim()
      .slice(0, 40);
    if (!name) {
      setMessage('名前を入れてください / Enter a name');
      return;
    }
    const next = [...views.filter((view) => view.name !== name), { name, href: currentHref }].slice(
      -MAX_VIEWS,
    );
    setViews(next);
    store(next);
    form.reset();
    setMessage(`「${name}」を保存しました / Saved "${name}"`);
  }

  function remove(name: string) {
    const next = views.filter((view) => view.name !== name);
    setViews(next);
    store(next);
    setMessage(`「${name}」を削除しました / Removed "${name}"`);
  }

  return (
    <section aria-labelledby="saved-views-title" className="saved-views">
      <h2 id="saved-views-title" className="h-small">
        保存したビュー <span lang="en">/ Saved views</span>
      </h2>
      {views.length > 0 ? (
        <ul className="chip-list">
          {views.map((view) => (
            <li key={view.name} className="chip">
              <Link href={view.href}>{view.name}</Link>
              <button
                type="button"
                className="chip__remove"
                onClick={() => remove(view.name)}
                aria-label={`「${view.name}」を削除 / Remove "${view.name}"`}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">
          まだありません。今の条件に名前をつけて保存できます。
          <span lang="en"> None yet: name the current filters to save them.</span>
        </p>
      )}
      <form className="inline-form" onSubmit={save}>
        <label htmlFor="view-name">
          今の条件を保存 <span lang="en">/ Save current filters as</span>
        </label>
        <input id="view-name" name="viewName" type="text" maxLength={40} />
        <button className="btn btn--small" type="submit">
          保存 / Save
        </button>
      </form>
      {searching ? (
        <p className="hint">
          検索語は保存されません(絞り込みの条件だけが保存されます)。
          <span lang="en"> The search words are not saved, only the filters.</span>
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
