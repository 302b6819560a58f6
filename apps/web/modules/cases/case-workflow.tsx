'use client';

import {
  CASE_STATUS_LABELS,
  CASE_TRANSITIONS,
  type TCaseStatus,
  type TDirectoryEntry,
  tokyoDateTimeLocal,
  type TUrgency,
  transitionRequiresReason,
  URGENCY_LABELS,
  URGENCY_LEVELS,
} from '@madoguchi/shared';
import { type FormEvent, useId, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { fieldMessage } from '../dashboard/action-result';
import { useStaffAction } from '../dashboard/use-staff-action';
import { assignCase, changeCaseStatus, changePriority, updateCaseDetails } from './case-actions';

type TCaseRef = { caseId: string; version: number };

function FieldError({ message, id }: { message?: { ja: string; en: string }; id: string }) {
  return message ? (
    <span className="field-error" id={id}>
      {message.ja} <span lang="en">{message.en}</span>
    </span>
  ) : null;
}

/** Status change: only the moves the workflow allows from here are offered (CASE_TRANSITIONS). */
export function StatusChangeForm({ caseId, version, status }: TCaseRef & { status: TCaseStatus }) {
  const allowed = CASE_TRANSITIONS[status];
  const [to, setTo] = useState<TCaseStatus | ''>('');
  const { run, result, pending } = useStaffAction(changeCaseStatus);
  const id = useId();
  const needsReason = to !== '' && transitionRequiresReason(status, to);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (to === '') {
      return;
    }
    const form = event.currentTarget;
    const reason = String(new FormData(form).get('reason') ?? '');
    const outcome = await run({ caseId, version, to, reason });
    if (outcome.ok) {
      form.reset();
      setTo('');
    }
  }

  const reasonError = fieldMessage(result, 'reason');
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        状態の変更 <span lang="en">/ Change status</span>
      </h3>
      <p className="small">
        いまの状態: <strong>{CASE_STATUS_LABELS[status].ja}</strong>{' '}
        <span lang="en">(now: {CASE_STATUS_LABELS[status].en})</span>
      </p>
      <div className="field">
        <label htmlFor={`${id}-to`}>
          新しい状態 <span lang="en">/ New status</span>
        </label>
        <select
          id={`${id}-to`}
          data-shortcut-target="status"
          name="to"
          value={to}
          required
          onChange={(event) => setTo(event.target.value as TCaseStatus | '')}
        >
          <option value="">選んでください / Choose</option>
          {allowed.map((next) => (
            <option key={next} value={next}>
              {CASE_STATUS_LABELS[next].ja} / {CASE_STATUS_LABELS[next].en}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>
          理由 {needsReason ? '(必須)' : '(任意)'}{' '}
          <span lang="en">/ Reason {needsReason ? '(required)' : '(optional)'}</span>
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          required={needsReason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
        />
        <FieldError id={`${id}-reason-error`} message={reasonError} />
      </div>
      <button className="btn btn--primary" type="submit" disabled={pending || to === ''}>
        状態を変更 / Change status
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

export function AssignControl({
  caseId,
  version,
  assignee,
  me,
  directory,
}: TCaseRef & {
  assignee: { id: string; displayName: string } | null;
  me: string;
  directory: TDirectoryEntry[];
}) {
  const { run, result, pending } = useStaffAction(assignCase);
  const id = useId();
  const [chosen, setChosen] = useState('');
  return (
    <div className="form-stack" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        担当 <span lang="en">/ Assignee</span>
      </h3>
      <p>
        {assignee ? (
          <strong data-testid="assignee-name">{assignee.displayName}</strong>
        ) : (
          <span className="muted">担当者なし / Unassigned</span>
        )}
      </p>
      <div className="button-row">
        {assignee?.id !== me ? (
          <button
            className="btn btn--primary"
            type="button"
            disabled={pending}
            onClick={() => void run({ caseId, version, assigneeId: 'me' })}
          >
            自分が担当する / Assign to me
          </button>
        ) : null}
        {assignee ? (
          <button
            className="btn btn--quiet"
            type="button"
            disabled={pending}
            onClick={() => void run({ caseId, version, assigneeId: null })}
          >
            担当を外す / Unassign
          </button>
        ) : null}
      </div>
      <div className="inline-form">
        <label htmlFor={`${id}-other`}>
          ほかの職員に割り当てる <span lang="en">/ Assign to</span>
        </label>
        <select
          id={`${id}-other`}
          data-shortcut-target="assign"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
        >
          <option value="">選んでください / Choose</option>
          {directory
            .filter((person) => person.id !== assignee?.id)
            .map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
        </select>
        <button
          className="btn btn--small"
          type="button"
          disabled={pending || chosen === ''}
          onClick={() => void run({ caseId, version, assigneeId: chosen }).then(() => setChosen(''))}
        >
          割り当て / Assign
        </button>
      </div>
      <ActionFeedback result={result} />
    </div>
  );
}

export function PriorityForm({
  caseId,
  version,
  priority,
  urgency,
}: TCaseRef & { priority: TUrgency; urgency: TUrgency }) {
  const { run, result, pending } = useStaffAction(changePriority);
  const id = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      caseId,
      version,
      priority: String(data.get('priority') ?? ''),
      reason: String(data.get('reason') ?? ''),
    });
    if (outcome.ok) {
      form.reset();
    }
  }
  const reasonError = fieldMessage(result, 'priorityReason');
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        優先度 <span lang="en">/ Priority</span>
      </h3>
      <p className="small">
        自動判定: {URGENCY_LABELS[urgency].ja} <span lang="en">(triage: {URGENCY_LABELS[urgency].en})</span>
      </p>
      <div className="field">
        <label htmlFor={`${id}-priority`}>
          対応の優先度 <span lang="en">/ Working priority</span>
        </label>
        <select id={`${id}-priority`} name="priority" defaultValue={priority} key={priority}>
          {URGENCY_LEVELS.map((level) => (
            <option key={level} value={level}>
              {URGENCY_LABELS[level].ja} / {URGENCY_LABELS[level].en}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>
          変更の理由(必須) <span lang="en">/ Reason (required)</span>
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          required
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
        />
        <FieldError id={`${id}-reason-error`} message={reasonError} />
      </div>
      <button className="btn" type="submit" disabled={pending}>
        優先度を変更 / Change priority
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

export function CaseDetailsForm({
  caseId,
  version,
  summary,
  tags,
  followUpAt,
}: TCaseRef & { summary: string | null; tags: string[]; followUpAt: string | null }) {
  const { run, result, pending } = useStaffAction(updateCaseDetails);
  const id = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    await run({
      caseId,
      version,
      summary: String(data.get('summary') ?? ''),
      tags: String(data.get('tags') ?? ''),
      followUpAt: String(data.get('followUpAt') ?? ''),
    });
  }
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        要約・タグ・フォロー <span lang="en">/ Summary, tags, follow-up</span>
      </h3>
      <div className="field">
        <label htmlFor={`${id}-summary`}>
          要約 <span lang="en">/ Summary</span>
        </label>
        <textarea
          id={`${id}-summary`}
          name="summary"
          rows={3}
          defaultValue={summary ?? ''}
          maxLength={2000}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-tags`}>
          タグ(カンマ区切り) <span lang="en">/ Tags (comma-separated)</span>
        </label>
        <input id={`${id}-tags`} name="tags" type="text" defaultValue={tags.join(', ')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-follow`}>
          次のフォロー日時 <span lang="en">/ Next follow-up</span>
        </label>
        <input
          id={`${id}-follow`}
          name="followUpAt"
          type="datetime-local"
          defaultValue={followUpAt ? tokyoDateTimeLocal(new Date(followUpAt)) : ''}
        />
      </div>
      <button className="btn" type="submit" disabled={pending}>
        保存 / Save
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}
