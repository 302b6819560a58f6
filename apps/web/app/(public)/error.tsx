'use client';

import { En } from '../../modules/ui/en';

/**
 * Shown when a public page fails in the browser, e.g. the connection drops while the form is sent.
 * It must still point a person in trouble somewhere useful.
 */
export default function PublicError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="container stack">
      <div>
        <h1>
          うまく表示できませんでした
          <En>Something went wrong</En>
        </h1>
        <p>通信の状態をたしかめて、もう一度ためしてください。急ぐときは、電話で相談できます。</p>
        <En as="p">Please check your connection and try again. If it is urgent, you can call.</En>
        <ul className="window-card__phones">
          <li>
            <a className="call-link" href="tel:188">
              <span className="call-link__number">188</span>
              <span className="call-link__label">消費者ホットライン</span>
              <En>Consumer hotline</En>
            </a>
          </li>
          <li>
            <a className="call-link" href="tel:%239110">
              <span className="call-link__number">#9110</span>
              <span className="call-link__label">警察相談専用電話</span>
              <En>Police consultation line</En>
            </a>
          </li>
        </ul>
        <button type="button" className="button button--primary" onClick={reset}>
          もう一度ためす
          <En>Try again</En>
        </button>
      </div>
    </div>
  );
}
