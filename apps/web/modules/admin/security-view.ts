import {
  formatTokyoDateTime,
  type TBackoffEntry,
  type TBackoffScope,
  type TLocalized,
} from '@madoguchi/shared';

/*
 * The back-off list as the admin security page shows it. It names what was typed (an e-mail or a receipt
 * number) and the address it came from, never whether an account or case exists.
 */

export const SCOPE_LABELS: Readonly<Record<TBackoffScope, TLocalized>> = {
  staff_login: { ja: '職員ログイン', en: 'Staff sign-in' },
  case_status: { ja: '相談状況の確認', en: 'Case status look-up' },
};

export type TBackoffRow = {
  id: string;
  scope: TLocalized;
  subject: string;
  ip: string;
  failures: number;
  blocked: boolean;
  /** "12月3日(木) 15:10まで" while blocked, "制限なし" otherwise. */
  state: TLocalized;
  lastFailure: TLocalized;
};

/** The rows of the back-off table, blocked ones first, then the most recent failures. */
export function backoffRows(items: readonly TBackoffEntry[], now: Date = new Date()): TBackoffRow[] {
  return [...items]
    .map((item) => {
      const blocked = item.blockedUntil !== null && Date.parse(item.blockedUntil) > now.getTime();
      const until = blocked && item.blockedUntil ? formatTokyoDateTime(item.blockedUntil, now) : null;
      return {
        item,
        row: {
          id: item.id,
          scope: SCOPE_LABELS[item.scope],
          subject: item.subject,
          ip: item.ip,
          failures: item.failures,
          blocked,
          state: until
            ? { ja: `${until.ja}まで待機`, en: `Waiting until ${until.en}` }
            : { ja: '待機なし', en: 'Not waiting' },
          lastFailure: formatTokyoDateTime(item.lastFailureAt, now),
        },
      };
    })
    .sort(
      (a, b) =>
        Number(b.row.blocked) - Number(a.row.blocked) ||
        Date.parse(b.item.lastFailureAt) - Date.parse(a.item.lastFailureAt),
    )
    .map(({ row }) => row);
}
