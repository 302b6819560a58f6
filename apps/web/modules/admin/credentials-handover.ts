import { formatTokyoDateTime, type TLocalized } from '@madoguchi/shared';

import type { TIssuedCredentials } from './user-actions';

/*
 * What the users page shows once after creating an account, resetting a password or issuing an
 * enrolment code: each secret with its expiry in Japan time, and how to hand them over. Pure, so the
 * wording for each combination is tested.
 */

export type THandoverItem = {
  kind: 'temporaryPassword' | 'enrolmentCode';
  label: TLocalized;
  value: string;
  /** "有効期限: 12月6日(日) 17:30(日本時間)"; null when the API gave no expiry. */
  expires: TLocalized | null;
};

function expiry(iso: string | null, now: Date): TLocalized | null {
  if (!iso) {
    return null;
  }
  const at = formatTokyoDateTime(iso, now);
  return { ja: `有効期限: ${at.ja}(日本時間)`, en: `Valid until ${at.en} (Japan time)` };
}

export function handoverItems(credentials: TIssuedCredentials, now: Date = new Date()): THandoverItem[] {
  const items: THandoverItem[] = [];
  if (credentials.temporaryPassword) {
    items.push({
      kind: 'temporaryPassword',
      label: { ja: '仮パスワード', en: 'Temporary password' },
      value: credentials.temporaryPassword,
      expires: expiry(credentials.temporaryPasswordExpiresAt, now),
    });
  }
  if (credentials.enrolmentCode) {
    items.push({
      kind: 'enrolmentCode',
      label: { ja: '二要素認証の登録コード', en: 'Two-factor enrolment code' },
      value: credentials.enrolmentCode,
      expires: expiry(credentials.enrolmentCodeExpiresAt, now),
    });
  }
  return items;
}

/** How to hand over what was issued, for the combination at hand. */
export function handoverInstructions(credentials: TIssuedCredentials): TLocalized[] {
  const who = credentials.displayName || credentials.email;
  const password = Boolean(credentials.temporaryPassword);
  const code = Boolean(credentials.enrolmentCode);
  const lines: TLocalized[] = [
    {
      ja: `${who} さん(${credentials.email})に渡すものです。この画面でしか表示されません。閉じる前に本人に伝えてください。`,
      en: `For ${who} (${credentials.email}). Shown only now: hand it over before closing this.`,
    },
  ];
  if (password && code) {
    lines.push(
      {
        ja: '仮パスワードと登録コードは、別々の方法で伝えてください(例: 仮パスワードは対面で、登録コードは電話で)。1通のメールやメモに両方を書かないでください。',
        en: 'Hand the temporary password and the enrolment code over separately (e.g. one in person, the other by phone), never both in one e-mail or note.',
      },
      {
        ja: '最初のログインで、パスワードの変更と、登録コードを使った二要素認証の登録を求められます。',
        en: 'At the first sign-in they must change the password, then set up two-factor authentication with the enrolment code.',
      },
    );
  } else if (password) {
    lines.push({
      ja: '安全な方法で本人に伝えてください。最初のログインでパスワードの変更を求められます。',
      en: 'Pass it on safely. At the first sign-in they must change the password.',
    });
  } else if (code) {
    lines.push({
      ja: '安全な方法で本人に伝えてください。二要素認証を登録するときに入力します。前に発行した登録コードはもう使えません。',
      en: 'Pass it on safely. They enter it when setting up two-factor authentication. Any earlier enrolment code no longer works.',
    });
  }
  lines.push({
    ja: '有効期限を過ぎたら、この画面から発行し直してください。',
    en: 'Once it has expired, issue a new one from this page.',
  });
  return lines;
}
