'use client';

import type { TMessageTemplate, TTemplateKind } from '@madoguchi/shared';
import { useId, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { fillTemplateForCase } from './template-actions';

/**
 * 「テンプレートを使う」: the active templates of one kind; choosing one fills the form's text with it, its
 * placeholders resolved for this case. Nothing is sent: the counselor reads and edits the text first.
 */
export function TemplatePicker({
  caseId,
  kind,
  templates,
  onFill,
}: {
  caseId: string;
  kind: TTemplateKind;
  templates: readonly TMessageTemplate[];
  onFill: (text: string) => void;
}) {
  const id = useId();
  const [templateId, setTemplateId] = useState('');
  const { run, result, pending } = useStaffAction(fillTemplateForCase);
  const options = templates.filter((template) => template.kind === kind && template.active);
  if (options.length === 0) {
    return null;
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-template`}>
        テンプレートを使う <span lang="en">/ Use a template</span>
      </label>
      <div className="inline-form">
        <select
          id={`${id}-template`}
          value={templateId}
          onChange={(event) => setTemplateId(event.target.value)}
        >
          <option value="">選んでください / Choose…</option>
          {options.map((template) => (
            <option key={template.id} value={template.id}>
              {template.title}
            </option>
          ))}
        </select>
        <button
          className="btn btn--small"
          type="button"
          disabled={pending || templateId === ''}
          onClick={() => {
            void run({ caseId, templateId }).then((outcome) => {
              if (outcome.ok) {
                onFill(outcome.data.text);
              }
            });
          }}
        >
          入れる <span lang="en">/ Insert</span>
        </button>
      </div>
      <ActionFeedback result={result} />
    </div>
  );
}
