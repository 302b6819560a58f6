import type { TLocalized } from '@madoguchi/shared';

// Always shown in Japan time, whatever the server's or the phone's time zone: the windows' hours are
// Japan time, and a server and a browser that format the same instant must agree (hydration).
const TIME_ZONE = 'Asia/Tokyo';

const jaParts = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

const enFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** '11月30日(月) 9:00' / 'Mon 30 Nov, 09:00'; the year is added in Japanese only when it is not this year's. */
export function formatTokyoDateTime(iso: string, now: Date = new Date()): TLocalized {
  const date = new Date(iso);
  const parts = Object.fromEntries(jaParts.formatToParts(date).map((part) => [part.type, part.value]));
  const thisYear = Object.fromEntries(jaParts.formatToParts(now).map((part) => [part.type, part.value]))[
    'year'
  ];
  const year = parts['year'] !== thisYear ? `${parts['year']}年` : '';
  return {
    ja: `${year}${parts['month']}月${parts['day']}日(${parts['weekday']}) ${Number(parts['hour'])}:${parts['minute']}`,
    en: enFormat.format(date),
  };
}
