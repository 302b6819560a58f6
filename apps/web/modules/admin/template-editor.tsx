'use client';

import {
  MAX_TEMPLATE_BODY_LENGTH,
  MAX_TEMPLATE_TITLE_LENGTH,
  TEMPLATE_KIND_LABELS,
  TEMPLATE_KINDS,
  TEMPLATE_PLACEHOLDER_LABELS,
  TEMPLATE_PLACEHOLDERS,
  type TMessageTemplate,
} from '@madoguchi/shared';
import { useRouter } from 'next/navigation';
import { type FormEvent, useId } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { fieldMessage } from '../dashboard/action-result';
import { useStaffAction } from '../dashboard/use-staff-action';
import { createTemplate, setTemplateActive, updateTemplate } from './template-actions';

/** The placeholders an admin may use, with what each becomes. */
export function PlaceholderHelp() {
  return (
    <details className="case-more">
      <summary>
        使える差し込み項目 <span lang="en">/ Placeholders you can use</span>
      </summary>
      <dl className="small">
        {TEMPLATE_PLACEHOLDERS.map((name) => (
          <div key={name}>
            <dt>
              <code>{`{{${name}}}`}</code>
            </dt>
            <dd>
              {TEMPLATE_PLACEHOLDER_LABELS[name].ja}{' '}
              <span lang="en">{TEMPLATE_PLACEHOLDER_LABELS[name].en}</span>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** Create (no template) or edit a template. */
export function TemplateEditor({ template }: { template?: TMessageTemplate }) {
  const id = useId();
  const router = useRouter();
  const create = useStaffAction(createTemplate);
  const update = useStaffAction(updateTemplate);
  const { result, pending } = template ? update : create;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      kind: String(data.get('kind') ?? ''),
      title: String(data.get('title') ?? ''),
      body: String(data.get('body') ?? ''),
    };
    if (template) {
      await update.run({ ...input, id: template.id });
      return;
    }
    const outcome = await create.run(input);
    if (outcome.ok) {
      form.reset();
      router.refresh();
    }
  }

  const titleError = fieldMessage(result, 'title');
  const bodyError = fieldMessage(result, 'body');
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {template ? '定型文を編集' : '定型文を追加'}{' '}
        <span lang="en">/ {template ? 'Edit template' : 'Add a template'}</span>
      </h2>
      <div className="field">
        <label htmlFor={`${id}-kind`}>
          種類 <span lang="en">/ Kind</span>
        </label>
        <select id={`${id}-kind`} name="kind" defaultValue={template?.kind ?? 'public_message'}>
          {TEMPLATE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {TEMPLATE_KIND_LABELS[kind].ja} / {TEMPLATE_KIND_LABELS[kind].en}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>
          題名 <span lang="en">/ Title</span>
        </label>
        <input
          id={`${id}-name`}
          name="title"
          type="text"
          required
          maxLength={MAX_TEMPLATE_TITLE_LENGTH}
          defaultValue={template?.title ?? ''}
          aria-invalid={titleError ? true : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>
          本文 <span lang="en">/ Text</span>
        </label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={6}
          required
          maxLength={MAX_TEMPLATE_BODY_LENGTH}
          defaultValue={template?.body ?? ''}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={`${id}-body-hint`}
        />
        <p id={`${id}-body-hint`} className="hint">
          {'{{window.name}}'} のように書いた項目は、相談ごとの値に置き換わります。
          <span lang="en"> Placeholders such as {'{{window.name}}'} are filled for each case.</span>
        </p>
      </div>
      <PlaceholderHelp />
      <button className="btn btn--primary" type="submit" disabled={pending}>
        {template ? '保存 / Save' : '追加 / Add'}
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

export function TemplateActiveButton({ template }: { template: TMessageTemplate }) {
  const { run, result, pending } = useStaffAction(setTemplateActive);
  return (
    <>
      <button
        className="btn btn--small"
        type="button"
        disabled={pending}
        onClick={() => void run({ id: template.id, active: !template.active })}
      >
        {template.active ? '無効にする / Deactivate' : '有効にする / Reactivate'}
      </button>
      <ActionFeedback result={result} />
    </>
  );
}
