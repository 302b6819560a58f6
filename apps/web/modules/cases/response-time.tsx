import type { TCaseResponse } from '@madoguchi/shared';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration as the desk reads it at a glance: minutes, hours and minutes, or days and hours. */
export function formatDuration(ms: number): { ja: string; en: string } {
  const minutes = Math.floor(Math.abs(ms) / MINUTE_MS);
  if (minutes < 60) {
    return { ja: `${minutes}分`, en: `${minutes} min` };
  }
  const hours = Math.floor(Math.abs(ms) / HOUR_MS);
  if (hours < 24) {
    return { ja: `${hours}時間${minutes % 60}分`, en: `${hours} h ${minutes % 60} min` };
  }
  const days = Math.floor(Math.abs(ms) / DAY_MS);
  return { ja: `${days}日${hours % 24}時間`, en: `${days} d ${hours % 24} h` };
}

/**
 * The queue's 「待ち時間 / 残り」 cell: how long the case has waited and how long is left before its
 * response target, with overdue and "arrived while closed" as words in badges, not colour alone.
 */
export function ResponseTime({ response }: { response: TCaseResponse }) {
  const waiting = formatDuration(response.waitingMs);
  return (
    <>
      <span className="queue-response__waiting">
        待ち {waiting.ja} <span lang="en">waiting {waiting.en}</span>
      </span>
      <span className="queue-response__left">
        <Standing response={response} />
      </span>
      {response.arrivedWhileClosed ? (
        <span className="badge badge--info">
          受付時間外に到着 <span lang="en">Arrived while closed</span>
        </span>
      ) : null}
    </>
  );
}

function Standing({ response }: { response: TCaseResponse }) {
  if (response.met !== null) {
    return response.met ? (
      <span className="badge badge--soft">
        期限内に対応 <span lang="en">Answered on time</span>
      </span>
    ) : (
      <span className="badge">
        期限後に対応 <span lang="en">Answered late</span>
      </span>
    );
  }
  if (response.leftMs === null) {
    return <span className="muted">期限なし / no target</span>;
  }
  if (response.overdue) {
    const late = formatDuration(response.leftMs);
    return (
      <strong className="badge badge--danger">
        期限超過 {late.ja} <span lang="en">Overdue by {late.en}</span>
      </strong>
    );
  }
  const left = formatDuration(response.leftMs);
  return (
    <>
      残り {left.ja} <span lang="en">{left.en} left</span>
    </>
  );
}
