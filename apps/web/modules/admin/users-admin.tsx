'use client';

import { ROLES, type TStaffUser } from '@madoguchi/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { ROLE_LABELS } from '../dashboard/roles';
import { handoverInstructions, handoverItems } from './credentials-handover';
import {
  createUser,
  issueEnrolmentCode,
  resetUserPassword,
  setUserActive,
  type TIssuedCredentials,
  updateUser,
} from './user-actions';

/**
 * What was just issued (temporary password, enrolment code), shown once: it is nowhere else (the API
 * keeps only hashes). Focused when it appears, with how to hand each one over and until when it works.
 */
function CredentialsHandover({ value, onClose }: { value: TIssuedCredentials; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => ref.current?.focus(), [value]);
  return (
    <div
      className="notice notice--warning temp-password stack-sm"
      ref={ref}
      tabIndex={-1}
      role="region"
      aria-labelledby={titleId}
      data-testid="credentials-handover"
    >
      <h2 id={titleId}>
        本人に渡すもの <span lang="en">/ To hand over</span>
      </h2>
      {handoverInstructions(value).map((line) => (
        <p key={line.en}>
          {line.ja}
          <span lang="en" className="en en--block">
            {line.en}
          </span>
        </p>
      ))}
      <dl className="handover">
        {handoverItems(value).map((item) => (
          <div key={item.kind} className="handover__item">
            <dt>
              {item.label.ja} <span lang="en">/ {item.label.en}</span>
            </dt>
            <dd>
              <code
                className="temp-password__value wrap-anywhere"
                data-testid={item.kind === 'temporaryPassword' ? 'temporary-password' : 'enrolment-code'}
              >
                {item.value}
              </code>
              {item.expires ? (
                <span className="block small">
                  {item.expires.ja}{' '}
                  <span lang="en" className="en">
                    {item.expires.en}
                  </span>
                </span>
              ) : null}
              <button
                className="btn btn--small"
                type="button"
                onClick={() =>
                  void navigator.clipboard?.writeText(item.value).then(
                    () => setCopied(item.kind),
                    () => setCopied(null),
                  )
                }
              >
                コピー / Copy
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button className="btn btn--small btn--quiet" type="button" onClick={onClose}>
          伝えたので閉じる / Done, hide it
        </button>
        <span role="status">{copied ? 'コピーしました / Copied' : ''}</span>
      </div>
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (value: TIssuedCredentials) => void }) {
  const id = useId();
  const { run, result, pending } = useStaffAction(createUser);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      email: String(data.get('email') ?? ''),
      displayName: String(data.get('displayName') ?? ''),
      role: String(data.get('role') ?? ''),
    });
    if (outcome.ok) {
      form.reset();
      onCreated(outcome.data);
    }
  }
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        職員を追加 <span lang="en">/ Add a staff member</span>
      </h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>
            表示名 <span lang="en">/ Display name</span>
          </label>
          <input
            id={`${id}-name`}
            name="displayName"
            type="text"
            required
            maxLength={100}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>
            メールアドレス <span lang="en">/ E-mail</span>
          </label>
          <input id={`${id}-email`} name="email" type="email" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>
            役割 <span lang="en">/ Role</span>
          </label>
          <select id={`${id}-role`} name="role" defaultValue="counselor">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role].ja} / {ROLE_LABELS[role].en}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button className="btn btn--primary" type="submit" disabled={pending}>
        追加して仮パスワードと登録コードを発行 / Add and issue a temporary password and enrolment code
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

function UserRow({
  user,
  isMe,
  onIssued,
}: {
  user: TStaffUser;
  isMe: boolean;
  onIssued: (value: TIssuedCredentials) => void;
}) {
  const id = useId();
  const update = useStaffAction(updateUser);
  const active = useStaffAction(setUserActive);
  const reset = useStaffAction(resetUserPassword);
  const enrolment = useStaffAction(issueEnrolmentCode);
  const [resetTotp, setResetTotp] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    await update.run({
      id: user.id,
      displayName: String(data.get('displayName') ?? ''),
      role: String(data.get('role') ?? ''),
    });
  }

  return (
    <tr className={user.active ? undefined : 'is-inactive'} data-testid="user-row">
      <th scope="row">
        {user.displayName}
        {isMe ? <span className="badge badge--soft">自分 / you</span> : null}
        <span className="block small muted">{user.email}</span>
      </th>
      <td>
        {ROLE_LABELS[user.role].ja} <span lang="en">{ROLE_LABELS[user.role].en}</span>
      </td>
      <td>{user.active ? '有効 / Active' : <strong>無効 / Inactive</strong>}</td>
      <td>{user.totpEnabled ? '登録済み / On' : '未登録 / Off'}</td>
      <td>
        <details>
          <summary>
            操作 <span lang="en">/ Manage</span>
          </summary>
          <div className="stack-sm row-actions">
            <form className="form-stack" onSubmit={(event) => void save(event)}>
              <div className="field">
                <label htmlFor={`${id}-name`}>
                  表示名 <span lang="en">/ Name</span>
                </label>
                <input
                  id={`${id}-name`}
                  name="displayName"
                  defaultValue={user.displayName}
                  required
                  maxLength={100}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-role`}>
                  役割 <span lang="en">/ Role</span>
                </label>
                <select id={`${id}-role`} name="role" defaultValue={user.role} disabled={isMe}>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role].ja} / {ROLE_LABELS[role].en}
                    </option>
                  ))}
                </select>
                {isMe ? (
                  <span className="hint">自分の役割は変えられません / You cannot change your own role</span>
                ) : null}
              </div>
              <button className="btn btn--small" type="submit" disabled={update.pending}>
                保存 / Save
              </button>
              <ActionFeedback result={update.result} />
            </form>
            {!isMe ? (
              <div className="form-stack">
                <button
                  className={`btn btn--small${user.active ? ' btn--danger' : ''}`}
                  type="button"
                  disabled={active.pending}
                  onClick={() => {
                    if (
                      user.active &&
                      !window.confirm(
                        `${user.displayName} さんのアカウントを無効にしますか?ログイン中のセッションも終了します。 / Deactivate ${user.displayName}?`,
                      )
                    ) {
                      return;
                    }
                    void active.run({ id: user.id, active: !user.active });
                  }}
                >
                  {user.active ? '無効にする / Deactivate' : '有効にする / Activate'}
                </button>
                <ActionFeedback result={active.result} />
              </div>
            ) : null}
            <div className="form-stack">
              <label className="check">
                <input
                  type="checkbox"
                  checked={resetTotp}
                  onChange={(event) => setResetTotp(event.target.checked)}
                />
                二要素認証も解除する(スマートフォン紛失時){' '}
                <span lang="en">/ Also remove two-factor (lost phone)</span>
              </label>
              <button
                className="btn btn--small"
                type="button"
                disabled={reset.pending}
                onClick={() => {
                  if (
                    !window.confirm(
                      `${user.displayName} さんのパスワードをリセットしますか? / Reset the password of ${user.displayName}?`,
                    )
                  ) {
                    return;
                  }
                  void reset.run({ id: user.id, resetTotp }).then((outcome) => {
                    if (outcome.ok) {
                      onIssued(outcome.data);
                    }
                  });
                }}
              >
                パスワードをリセット / Reset password
              </button>
              <ActionFeedback result={reset.result?.ok ? null : reset.result} />
            </div>
            {!user.totpEnabled && user.active ? (
              <div className="form-stack">
                <p className="hint">
                  二要素認証が未登録です。登録コードをなくしたときや期限が切れたときは、新しく発行します。
                  <span lang="en" className="en en--block">
                    Two-factor is not set up. Issue a new enrolment code if the old one was lost or has
                    expired.
                  </span>
                </p>
                <button
                  className="btn btn--small"
                  type="button"
                  disabled={enrolment.pending}
                  onClick={() => {
                    void enrolment
                      .run({ id: user.id, email: user.email, displayName: user.displayName })
                      .then((outcome) => {
                        if (outcome.ok) {
                          onIssued(outcome.data);
                        }
                      });
                  }}
                >
                  登録コードを発行 / Issue an enrolment code
                </button>
                <ActionFeedback result={enrolment.result?.ok ? null : enrolment.result} />
              </div>
            ) : null}
          </div>
        </details>
      </td>
    </tr>
  );
}

export function UsersAdmin({ users, me }: { users: TStaffUser[]; me: string }) {
  const [issued, setIssued] = useState<TIssuedCredentials | null>(null);
  return (
    <div className="stack">
      {issued ? <CredentialsHandover value={issued} onClose={() => setIssued(null)} /> : null}
      <section className="panel">
        <CreateUserForm onCreated={setIssued} />
      </section>
      <section className="panel" aria-labelledby="users-title">
        <h2 id="users-title">
          職員一覧 <span lang="en">/ Staff</span> ({users.length})
        </h2>
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">名前 / Name</th>
                <th scope="col">役割 / Role</th>
                <th scope="col">状態 / Status</th>
                <th scope="col">二要素認証 / 2FA</th>
                <th scope="col">操作 / Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow key={user.id} user={user} isMe={user.id === me} onIssued={setIssued} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
