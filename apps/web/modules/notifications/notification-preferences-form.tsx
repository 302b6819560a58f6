'use client';

import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type TNotificationPreferences,
} from '@madoguchi/shared';
import { type FormEvent, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { updateNotificationPreferences } from './notification-actions';

/** Which notifications also come by e-mail (the in-app ones always come). */
export function NotificationPreferencesForm({ preferences }: { preferences: TNotificationPreferences }) {
  const { run, result, pending } = useStaffAction(updateNotificationPreferences);
  const [emailEnabled, setEmailEnabled] = useState(preferences.emailEnabled);
  // Kept while e-mail is off (the kinds' boxes are disabled then), so turning it on again restores them.
  const [kinds, setKinds] = useState<ReadonlySet<string>>(() => new Set(preferences.emailKinds));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run({ emailEnabled, emailKinds: NOTIFICATION_KINDS.filter((kind) => kinds.has(kind)) });
  }

  function toggle(kind: string, on: boolean) {
    setKinds((current) => {
      const next = new Set(current);
      if (on) {
        next.add(kind);
      } else {
        next.delete(kind);
      }
      return next;
    });
  }

  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="account-notifications"
    >
      <label className="check">
        <input
          type="checkbox"
          name="emailEnabled"
          checked={emailEnabled}
          onChange={(event) => setEmailEnabled(event.currentTarget.checked)}
        />
        通知をメールでも受け取る <span lang="en">/ Also send notifications by e-mail</span>
      </label>
      <fieldset className="check-group" disabled={!emailEnabled}>
        <legend>
          メールで受け取る通知 <span lang="en">/ Notifications by e-mail</span>
        </legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <label className="check" key={kind}>
            <input
              type="checkbox"
              name="emailKinds"
              value={kind}
              checked={kinds.has(kind)}
              onChange={(event) => toggle(kind, event.currentTarget.checked)}
            />
            {NOTIFICATION_KIND_LABELS[kind].ja} <span lang="en">/ {NOTIFICATION_KIND_LABELS[kind].en}</span>
          </label>
        ))}
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
