'use client';

import { IDENTIFIER_KIND_LABELS, IDENTIFIER_KINDS } from '@madoguchi/shared';
import { type FormEvent, useId } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { addIdentifier, linkCase, removeIdentifier, unlinkCase } from './case-actions';

export function AddIdentifierForm({ caseId }: { caseId: string }) {
  const id = useId();
  const { run, result, pending } = useStaffAction(addIdentifier);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      caseId,
      kind: String(data.get('kind') ?? ''),
      value: String(data.get('value') ?? ''),
    });
    if (outcome.ok) {
      form.reset();
    }
  }
  return (
    <form className="inline-form inline-form--wrap" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-kind`}>
        種類 <span lang="en">/ Kind</span>
      </label>
      <select id={`${id}-kind`} name="kind" defaultValue="phone">
        {IDENTIFIER_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {IDENTIFIER_KIND_LABELS[kind].ja} / {IDENTIFIER_KIND_LABELS[kind].en}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-value`}>
        値 <span lang="en">/ Value</span>
      </label>
      <input id={`${id}-value`} name="value" type="text" required maxLength={200} />
      <button className="btn btn--small" type="submit" disabled={pending}>
        追加 / Add
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

export function RemoveIdentifierButton({
  caseId,
  identifierId,
  label,
}: {
  caseId: string;
  identifierId: string;
  label: string;
}) {
  const { run, result, pending } = useStaffAction(removeIdentifier);
  return (
    <>
      <button
        className="btn btn--small btn--quiet"
        type="button"
        disabled={pending}
        aria-label={`${label} を外す / Remove ${label}`}
        onClick={() => {
          if (window.confirm(`${label} をこの相談から外しますか? / Remove ${label} from this case?`)) {
            void run({ caseId, identifierId });
          }
        }}
      >
        外す / Remove
      </button>
      <ActionFeedback result={result} />
    </>
  );
}

export function AddLinkForm({ caseId }: { caseId: string }) {
  const id = useId();
  const { run, result, pending } = useStaffAction(linkCase);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      caseId,
      receiptNumber: String(data.get('receiptNumber') ?? ''),
      note: String(data.get('note') ?? ''),
    });
    if (outcome.ok) {
      form.reset();
    }
  }
  return (
    <form className="inline-form inline-form--wrap" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-receipt`}>
        関連する相談の受付番号 <span lang="en">/ Receipt number of the related case</span>
      </label>
      <input id={`${id}-receipt`} name="receiptNumber" type="text" required placeholder="XXXX-XXXX" />
      <label htmlFor={`${id}-note`}>
        メモ <span lang="en">/ Note</span>
      </label>
      <input id={`${id}-note`} name="note" type="text" maxLength={500} placeholder="同じ相手・家族 など" />
      <button className="btn btn--small" type="submit" disabled={pending}>
        関連付ける / Link
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

export function UnlinkButton({
  caseId,
  linkedCaseId,
  label,
}: {
  caseId: string;
  linkedCaseId: string;
  label: string;
}) {
  const { run, result, pending } = useStaffAction(unlinkCase);
  return (
    <>
      <button
        className="btn btn--small btn--quiet"
        type="button"
        disabled={pending}
        aria-label={`${label} との関連付けを外す / Unlink ${label}`}
        onClick={() => void run({ caseId, linkedCaseId })}
      >
        外す / Unlink
      </button>
      <ActionFeedback result={result} />
    </>
  );
}
