import type { TJobsHealth } from '@madoguchi/shared';

import { Bi } from '../dashboard/bi';
import { formatDateTime, formatNumber } from '../dashboard/format';

const MODE_LABELS: Record<TJobsHealth['mode'], { ja: string; en: string }> = {
  inline: { ja: 'API の中で実行', en: 'run inside the API' },
  enqueue: { ja: '登録のみ(ワーカーが実行)', en: 'queued only, run by the worker' },
  off: { ja: '停止中', en: 'off' },
};

/** Waiting time in whole minutes or seconds, for the oldest waiting job. */
function waited(seconds: number | null): string {
  if (seconds === null) {
    return '—';
  }
  return seconds < 120 ? `${seconds} 秒 / s` : `${Math.floor(seconds / 60)} 分 / min`;
}

/** Admins: background jobs per queue, and the jobs parked as failed with the error they failed with. */
export function JobsHealthPanel({ health }: { health: TJobsHealth }) {
  const mode = MODE_LABELS[health.mode];
  return (
    <>
      <p className="muted">
        <Bi
          text={{
            ja: `このAPIの設定: ${mode.ja}。失敗した処理は間隔を延ばしながら再試行され、それでも失敗すると下に残ります。`,
            en: `This API: ${mode.en}. A failing job is retried with growing waits, then kept below as failed.`,
          }}
          block
        />
      </p>
      <div className="table-wrap">
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">キューごとの件数 / Jobs per queue</caption>
          <thead>
            <tr>
              <th scope="col">キュー / Queue</th>
              <th scope="col">待機 / Waiting</th>
              <th scope="col">実行中 / Active</th>
              <th scope="col">失敗 / Failed</th>
              <th scope="col">最も古い待機 / Oldest waiting</th>
            </tr>
          </thead>
          <tbody>
            {health.queues.map((queue) => (
              <tr key={queue.name} data-testid="job-queue-row">
                <th scope="row" className="wrap-anywhere">
                  {queue.name}
                </th>
                <td>{formatNumber(queue.waiting)}</td>
                <td>{formatNumber(queue.active)}</td>
                <td>{queue.failed > 0 ? <strong>{formatNumber(queue.failed)}</strong> : 0}</td>
                <td>{waited(queue.oldestWaitingSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {health.recentFailures.length > 0 && (
        <div className="table-wrap">
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">最近の失敗 / Recent failures</caption>
            <thead>
              <tr>
                <th scope="col">キュー / Queue</th>
                <th scope="col">失敗した日時 / Failed at</th>
                <th scope="col">試行回数 / Attempts</th>
                <th scope="col">エラー / Error</th>
              </tr>
            </thead>
            <tbody>
              {health.recentFailures.map((failure) => (
                <tr key={failure.id} data-testid="job-failure-row">
                  <th scope="row" className="wrap-anywhere">
                    {failure.queue}
                  </th>
                  <td>{formatDateTime(failure.failedAt)}</td>
                  <td>{failure.attempts}</td>
                  <td className="wrap-anywhere">{failure.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
