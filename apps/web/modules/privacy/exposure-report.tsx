import { actorLabel, EXPOSURE_KIND_LABELS, type TExposureReport } from '@madoguchi/shared';

import { formatDateTime } from '../dashboard/format';
import { EmptyState } from '../dashboard/page-states';
import { ROLE_LABELS } from '../dashboard/roles';

const kindLabel = (kind: string) =>
  (EXPOSURE_KIND_LABELS as Record<string, { ja: string; en: string } | undefined>)[kind] ?? {
    ja: kind,
    en: kind,
  };

/** Per actor: which cases, which kinds of data, how often, first and last time. */
export function ExposureReportView({ report }: { report: TExposureReport }) {
  if (report.actors.length === 0) {
    return (
      <EmptyState>
        <p>
          この期間に個人データを閲覧した記録はありません。{' '}
          <span lang="en">Nobody read personal data in this window.</span>
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table data-table--compact">
        <caption>
          {formatDateTime(report.from)} 〜 {formatDateTime(report.to)}{' '}
          <span lang="en">(actors: {report.actors.length})</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">閲覧した人 / Actor</th>
            <th scope="col">受付番号 / Case</th>
            <th scope="col">データの種類 / Kind of data</th>
            <th scope="col">回数 / Count</th>
            <th scope="col">最初 / First</th>
            <th scope="col">最後 / Last</th>
          </tr>
        </thead>
        <tbody>
          {report.actors.flatMap((entry) =>
            entry.cases.flatMap((item) =>
              item.kinds.map((kind) => {
                const label = kindLabel(kind.kind);
                const role =
                  entry.actor.type === 'staff' &&
                  entry.actor.role &&
                  Object.hasOwn(ROLE_LABELS, entry.actor.role)
                    ? ROLE_LABELS[entry.actor.role as keyof typeof ROLE_LABELS].ja
                    : null;
                return (
                  <tr key={`${actorLabel(entry.actor)}-${item.receiptNumber ?? '*'}-${kind.kind}`}>
                    <th scope="row">
                      {actorLabel(entry.actor)}
                      {role ? <span className="block small muted">{role}</span> : null}
                    </th>
                    <td>{item.receiptNumber ?? '(複数の相談 / many cases)'}</td>
                    <td>
                      {label.ja}
                      <span lang="en" className="block small">
                        {label.en}
                      </span>
                    </td>
                    <td>{kind.count}</td>
                    <td>{formatDateTime(kind.first)}</td>
                    <td>{formatDateTime(kind.last)}</td>
                  </tr>
                );
              }),
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
