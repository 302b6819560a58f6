import { En } from '../ui/en';
import { telHref } from '../ui/tel';

const LINES = [
  { number: '110', ja: '警察(いま危険なとき)', en: 'Police, when in danger now' },
  { number: '#9110', ja: '警察相談専用電話', en: 'Police consultation line' },
  {
    number: '188',
    ja: '消費者ホットライン(請求・通販・詐欺)',
    en: 'Consumer hotline: bills, shopping, fraud',
  },
  {
    number: '0120-0-78310',
    ja: '24時間子供SOSダイヤル(子どもと保護者、24時間)',
    en: '24-hour Child SOS Dial (children and guardians)',
  },
  {
    number: '0120-279-338',
    ja: 'よりそいホットライン(24時間・外国語も)',
    en: 'Yorisoi Hotline (24 h, other languages too)',
  },
];

/**
 * Shown when the service could not take the consultation (overload, outage): the text stays in the form to send
 * again later, and these lines can be called now.
 */
export function CallNow({ retryAfterSeconds }: { retryAfterSeconds?: number } = {}) {
  const wait = retryAfterSeconds === undefined ? undefined : waitText(retryAfterSeconds);
  return (
    <section className="call-now" aria-labelledby="call-now-title">
      <h2 id="call-now-title">
        いま電話で相談できるところ
        <En>You can call these now</En>
      </h2>
      <p>
        {wait ? (
          <>
            書いた内容はこの画面に残っています。{wait.ja}たってから、もう一度「送る」を押してください。
            <En>{`What you wrote is still here. Please press send again in ${wait.en}.`}</En>
          </>
        ) : (
          <>
            書いた内容はこの画面に残っています。少し時間をおいて、もう一度送ってください。
            <En>What you wrote is still here. Please send it again in a little while.</En>
          </>
        )}
      </p>
      <ul>
        {LINES.map((line) => (
          <li key={line.number}>
            <a href={telHref(line.number)}>{line.number}</a> {line.ja}
            <En>{line.en}</En>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The service's Retry-After in words a person can act on: seconds under a minute, else whole minutes. */
export function waitText(seconds: number): { ja: string; en: string } {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) {
    return { ja: `${s}秒ほど`, en: `about ${s} second${s === 1 ? '' : 's'}` };
  }
  const m = Math.ceil(s / 60);
  return { ja: `${m}分ほど`, en: `about ${m} minute${m === 1 ? '' : 's'}` };
}
