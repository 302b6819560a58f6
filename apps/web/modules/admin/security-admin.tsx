'use client';

import type { TSecurityPolicy } from '@madoguchi/shared';
import { type FormEvent, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { Bi } from '../dashboard/bi';
import { ROLE_LABELS } from '../dashboard/roles';
import { useStaffAction } from '../dashboard/use-staff-action';
import { clearBackoff, updateSecurityPolicy } from './security-actions';
import type { TBackoffRow } from './security-view';

/** Per-role two-factor requirement: admins always; counselors and supervisors as the desk decides. */
export function SecurityPolicyForm({ policy }: { policy: TSecurityPolicy }) {
  const { run, result, pending } = useStaffAction(updateSecurityPolicy);
  const [current, setCurrent] = useState(policy.totpRequired);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = { counselor: data.get('counselor') === 'on', supervisor: data.get('supervisor') === 'on' };
    const relaxed = (['counselor', 'supervisor'] as const).filter((role) => current[role] && !next[role]);
    if (
      relaxed.length > 0 &&
      !window.confirm(
        `${relaxed.map((role) => ROLE_LABELS[role].ja).join('・')}の二要素認証を必須でなくしますか?パスワードだけでログインできるようになります。 / Make two-factor optional for ${relaxed.map((role) => ROLE_LABELS[role].en).join(', ')}?`,
      )
    ) {
      return;
    }
    const outcome = await run(next);
    if (outcome.ok) {
      setCurrent(outcome.data.totpRequired);
    }
  }

  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby="policy-title">
      <h2 id="policy-title">
        二要素認証を必須にする役割 <span lang="en">/ Roles that must use two-factor</span>
      </h2>
      <p className="muted">
        <Bi
          text={{
            ja: '必須の役割の職員は、ログインのたびに認証アプリのコードが必要です。未登録の職員は、次のログインで登録を求められます(管理者が発行した登録コードが必要です)。',
            en: 'Staff in a required role need a code from their authenticator app at every sign-in. Those not yet enrolled must enrol at their next sign-in (with an enrolment code an administrator issues).',
          }}
          block
        />
      </p>
      <fieldset className="check-group">
        <legend>
          役割 <span lang="en">/ Roles</span>
        </legend>
        {(['counselor', 'supervisor'] as const).map((role) => (
          <label className="check" key={role}>
            <input type="checkbox" name={role} defaultChecked={policy.totpRequired[role]} />
            {ROLE_LABELS[role].ja} <span lang="en">/ {ROLE_LABELS[role].en}</span>
          </label>
        ))}
        <label className="check">
          <input
            type="checkbox"
            name="admin"
            checked
            disabled
            readOnly
            aria-describedby="policy-admin-hint"
          />
          {ROLE_LABELS.admin.ja} <span lang="en">/ {ROLE_LABELS.admin.en}</span>
        </label>
        <p id="policy-admin-hint" className="hint">
          管理者は常に必須です。 <span lang="en">/ Always required for administrators.</span>
        </p>
      </fieldset>
      <div>
        <button className="btn btn--primary" type="submit" disabled={pending} aria-disabled={pending}>
          保存 / Save
        </button>
      </div>
      <ActionFeedback result={result} />
    </form>
  );
}

function ClearButton({ row }: { row: TBackoffRow }) {
  const { run, result, pending } = useStaffAction(clearBackoff);
  return (
    <div className="stack-xs">
      <button
        className="btn btn--small"
        type="button"
        disabled={pending}
        onClick={() => {
          if (
            window.confirm(
              `${row.subject}(${row.ip})の制限を解除しますか?すぐにまた試せるようになります。 / Clear the back-off of ${row.subject} (${row.ip})?`,
            )
          ) {
            void run({ id: row.id });
          }
        }}
      >
        解除 / Clear
        <span className="visually-hidden">
          : {row.subject} ({row.ip})
        </span>
      </button>
      <ActionFeedback result={result?.ok ? null : result} />
    </div>
  );
}

/**
 * Back-off after failed attempts, per what was typed and the address it came from. A stranger's
 * failures never block the real person elsewhere; an admin can still clear an entry (audited).
 */
export function BackoffTable({ rows }: { rows: readonly TBackoffRow[] }) {
  if (rows.length === 0) {
    return (
      <p className="muted" data-testid="backoff-empty">
        <Bi
          text={{
            ja: 'この24時間、失敗の続いた試みはありません。',
            en: 'No repeated failures in the last 24 hours.',
          }}
        />
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table data-table--compact">
        <caption className="visually-hidden">失敗が続いた試み / Repeated failures</caption>
        <thead>
          <tr>
            <th scope="col">入力された値 / Typed</th>
            <th scope="col">種類 / Kind</th>
            <th scope="col">接続元 / Address</th>
            <th scope="col">失敗回数 / Failures</th>
            <th scope="col">状態 / State</th>
            <th scope="col">最後の失敗 / Last failure</th>
            <th scope="col">操作 / Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="backoff-row">
              <th scope="row" className="wrap-anywhere">
                {row.subject}
              </th>
              <td>
                {row.scope.ja} <span lang="en">/ {row.scope.en}</span>
              </td>
              <td className="wrap-anywhere">{row.ip}</td>
              <td>{row.failures}</td>
              <td>
                {row.blocked ? <strong>{row.state.ja}</strong> : row.state.ja}{' '}
                <span lang="en" className="en">
                  {row.state.en}
                </span>
              </td>
              <td>
                {row.lastFailure.ja}{' '}
                <span lang="en" className="en">
                  {row.lastFailure.en}
                </span>
              </td>
              <td>
                <ClearButton row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
