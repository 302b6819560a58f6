'use client';

import { useRouter } from 'next/navigation';

import type { TActionResult } from './action-result';

/**
 * Success or failure of the last action, announced (status: polite; alert: assertive). On a version
 * conflict it offers a reload that refreshes the server data only, so text typed in the form stays.
 */
export function ActionFeedback({ result }: { result: TActionResult<unknown> | null }) {
  const router = useRouter();
  return (
    <div className="feedback" aria-live="polite" aria-atomic="true">
      {result?.ok ? (
        <p className="notice notice--success" role="status">
          {result.message.ja}{' '}
          <span lang="en" className="en">
            {result.message.en}
          </span>
        </p>
      ) : null}
      {result && !result.ok ? (
        <div className="notice notice--error" role="alert">
          <p>
            {result.message.ja}{' '}
            <span lang="en" className="en">
              {result.message.en}
            </span>
          </p>
          {result.fields.length > 0 ? (
            <ul className="field-errors">
              {result.fields.map((field) => (
                <li key={`${field.path}:${field.code}`}>
                  {field.message.ja} <span lang="en">{field.message.en}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {result.conflict ? (
            <button className="btn btn--small" type="button" onClick={() => router.refresh()}>
              再読み込み / Reload
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
