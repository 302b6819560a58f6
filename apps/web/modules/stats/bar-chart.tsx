import type { TLocalized } from '@madoguchi/shared';

import { formatNumber } from '../dashboard/format';

export type TBar = { key: string; label: TLocalized; count: number };

const ROW = 30;
/*
 * Columns as shares of the chart's width, with no viewBox: the SVG is drawn at the page's own scale, so its text
 * keeps the stylesheet's size (13 px and up) however narrow the chart is. A viewBox scaled 640 units into a
 * ~450 px card and printed the labels at ~9–11 px.
 */
const LABEL_SHARE = 36;
const BAR_SHARE = 50;
const MAX_LABEL_CHARS = 11;

function short(text: string): string {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

/**
 * A horizontal bar chart drawn as SVG. Screen readers get the figures twice over: the SVG's label
 * lists every bar, and the same numbers are in a table under it.
 */
export function BarChart({
  id,
  title,
  bars,
  unit = '件',
}: {
  id: string;
  title: TLocalized;
  bars: TBar[];
  unit?: string;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  const height = Math.max(1, bars.length) * ROW + 8;
  const summary = bars.map((bar) => `${bar.label.ja} ${bar.count}${unit}`).join('、');
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-caption`}>
        {title.ja} <span lang="en">{title.en}</span>
        <span className="muted small">
          {' '}
          (計 {formatNumber(total)}
          {unit})
        </span>
      </figcaption>
      {bars.length === 0 ? (
        <p className="muted">データがありません / No data</p>
      ) : (
        <svg
          className="chart__svg"
          width="100%"
          height={height}
          role="img"
          aria-label={`${title.ja}: ${summary}`}
        >
          {bars.map((bar, index) => {
            const y = index * ROW + 4;
            // A share of the bar column, at least a sliver for a count above zero.
            const share = bar.count > 0 ? Math.max(0.5, (bar.count / max) * BAR_SHARE) : 0;
            return (
              <g key={bar.key}>
                <title>{`${bar.label.ja} / ${bar.label.en}: ${bar.count}`}</title>
                <text
                  x={`${LABEL_SHARE}%`}
                  dx={-8}
                  y={y + ROW / 2}
                  textAnchor="end"
                  dominantBaseline="middle"
                  className="chart__label"
                >
                  {short(bar.label.ja)}
                </text>
                <rect
                  x={`${LABEL_SHARE}%`}
                  y={y + 4}
                  width={`${share}%`}
                  height={ROW - 8}
                  className="chart__bar"
                  rx={2}
                />
                <text
                  x={`${LABEL_SHARE + share}%`}
                  dx={6}
                  y={y + ROW / 2}
                  dominantBaseline="middle"
                  className="chart__value"
                >
                  {formatNumber(bar.count)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {bars.length > 0 ? (
        <details className="chart__table">
          <summary>
            表で見る <span lang="en">/ As a table</span>
          </summary>
          <table className="data-table data-table--compact">
            <thead>
              <tr>
                <th scope="col">項目 / Item</th>
                <th scope="col">件数 / Count</th>
                <th scope="col">割合 / Share</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.key}>
                  <th scope="row">
                    {bar.label.ja} <span lang="en">{bar.label.en}</span>
                  </th>
                  <td>{formatNumber(bar.count)}</td>
                  <td>{total > 0 ? `${Math.round((bar.count / total) * 1000) / 10}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}
