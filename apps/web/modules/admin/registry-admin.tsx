'use client';

import { IDENTIFIER_KIND_LABELS, IDENTIFIER_KINDS, type TRegistryImportReport } from '@madoguchi/shared';
import { type FormEvent, useId, useRef, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { addRegistryEntry, deleteRegistryEntry, importRegistryCsv } from './registry-actions';

export function AddRegistryEntryForm() {
  const id = useId();
  const { run, result, pending } = useStaffAction(addRegistryEntry);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      kind: String(data.get('kind') ?? ''),
      value: String(data.get('value') ?? ''),
      source: String(data.get('source') ?? ''),
      note: String(data.get('note') ?? ''),
    });
    if (outcome.ok) {
      form.reset();
    }
  }
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        1件追加 <span lang="en">/ Add one entry</span>
      </h2>
      <div className="field-row">
        <div className="field">
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
        </div>
        <div className="field">
          <label htmlFor={`${id}-value`}>
            値 <span lang="en">/ Value</span>
          </label>
          <input id={`${id}-value`} name="value" required maxLength={500} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>
            出典 <span lang="en">/ Source</span>
          </label>
          <input id={`${id}-source`} name="source" required maxLength={200} placeholder="警察庁の公表 など" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>
            備考 <span lang="en">/ Note</span>
          </label>
          <input id={`${id}-note`} name="note" maxLength={1000} />
        </div>
      </div>
      <button className="btn" type="submit" disabled={pending}>
        追加 / Add
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

export function DeleteRegistryEntryButton({ id, label }: { id: string; label: string }) {
  const { run, result, pending } = useStaffAction(deleteRegistryEntry);
  return (
    <>
      <button
        className="btn btn--small btn--quiet"
        type="button"
        disabled={pending}
        aria-label={`${label} を削除 / Remove ${label}`}
        onClick={() => {
          if (window.confirm(`${label} をリストから削除しますか? / Remove ${label}?`)) {
            void run({ id });
          }
        }}
      >
        削除 / Remove
      </button>
      <ActionFeedback result={result} />
    </>
  );
}

const PREVIEW_ROWS = 50;

function ImportReport({ report }: { report: TRegistryImportReport }) {
  return (
    <div className="stack-sm import-report" data-testid="import-report">
      <ul className="count-tiles count-tiles--small">
        <li className="count-tile">
          <span className="count-tile__value">{report.total}</span>
          <span className="count-tile__label">行 / rows</span>
        </li>
        <li className="count-tile">
          <span className="count-tile__value">{report.accepted.length}</span>
          <span className="count-tile__label">
            {report.dryRun ? '追加予定' : '追加'} / {report.dryRun ? 'to add' : 'added'}
          </span>
        </li>
        <li className="count-tile">
          <span className="count-tile__value">{report.duplicates.length}</span>
          <span className="count-tile__label">重複 / duplicates</span>
        </li>
        <li className={`count-tile${report.rejected.length > 0 ? ' count-tile--high' : ''}`}>
          <span className="count-tile__value">{report.rejected.length}</span>
          <span className="count-tile__label">エラー / rejected</span>
        </li>
      </ul>
      <p className="small muted">文字コード / Encoding: {report.encoding}</p>
      {report.rejected.length > 0 ? (
        <table className="data-table data-table--compact">
          <caption>
            取り込めない行 <span lang="en">/ Rejected rows</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">行 / Line</th>
              <th scope="col">理由 / Reason</th>
              <th scope="col">内容 / Row</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.slice(0, PREVIEW_ROWS).map((row) => (
              <tr key={row.line}>
                <td>{row.line}</td>
                <td>
                  {row.reason.ja} <span lang="en">{row.reason.en}</span>
                </td>
                <td>
                  <code>{row.raw}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.duplicates.length > 0 ? (
        <details>
          <summary>
            重複(取り込まれません) <span lang="en">/ Duplicates (skipped)</span> ({report.duplicates.length})
          </summary>
          <ul className="plain-list small">
            {report.duplicates.slice(0, PREVIEW_ROWS).map((row) => (
              <li key={row.line}>
                {row.line}行目: {IDENTIFIER_KIND_LABELS[row.kind].ja} <code>{row.value}</code>
                {row.firstLine ? `(${row.firstLine}行目と同じ)` : '(登録済み)'}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {report.accepted.length > 0 ? (
        <details>
          <summary>
            {report.dryRun ? '追加される項目' : '追加した項目'} <span lang="en">/ Entries</span> (
            {report.accepted.length})
          </summary>
          <ul className="plain-list small">
            {report.accepted.slice(0, PREVIEW_ROWS).map((row) => (
              <li key={row.line}>
                {row.line}行目: {IDENTIFIER_KIND_LABELS[row.kind].ja} <code>{row.value}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** Import in two steps: a dry run shows what would happen, then the same file is imported. */
export function RegistryImport() {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { run, result, pending, setResult } = useStaffAction(importRegistryCsv);
  const [preview, setPreview] = useState<TRegistryImportReport | null>(null);

  async function send(dryRun: boolean) {
    const form = formRef.current;
    if (!form) {
      return;
    }
    const data = new FormData(form);
    data.set('dryRun', String(dryRun));
    const outcome = await run(data);
    setPreview(outcome.ok ? outcome.data : null);
  }

  return (
    <form
      ref={formRef}
      className="form-stack"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void send(true);
      }}
    >
      <h2 id={`${id}-title`}>
        CSVから取り込む <span lang="en">/ Import a CSV</span>
      </h2>
      <p className="hint">
        列: kind(種別), value(値), source(出典), note(備考)。UTF-8 または
        Shift_JIS(Excel)。まず確認し、内容を見てから取り込みます。
        <span lang="en">
          {' '}
          Columns kind, value, source, note; UTF-8 or Shift_JIS. Check first, then import.
        </span>
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-file`}>
            ファイル <span lang="en">/ File</span>
          </label>
          <input
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            onChange={() => {
              setPreview(null);
              setResult(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>
            出典(空欄の行に使う) <span lang="en">/ Default source</span>
          </label>
          <input id={`${id}-source`} name="source" maxLength={200} onChange={() => setPreview(null)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-encoding`}>
            文字コード <span lang="en">/ Encoding</span>
          </label>
          <select id={`${id}-encoding`} name="encoding" defaultValue="auto" onChange={() => setPreview(null)}>
            <option value="auto">自動 / Auto</option>
            <option value="utf-8">UTF-8</option>
            <option value="shift_jis">Shift_JIS</option>
          </select>
        </div>
      </div>
      <div className="button-row">
        <button className="btn" type="submit" disabled={pending}>
          確認する(取り込まない) / Check (dry run)
        </button>
        {preview?.dryRun && preview.accepted.length > 0 ? (
          <button
            className="btn btn--primary"
            type="button"
            disabled={pending}
            onClick={() => void send(false)}
          >
            この内容で{preview.accepted.length}件を取り込む / Import {preview.accepted.length} entries
          </button>
        ) : null}
      </div>
      <ActionFeedback result={result} />
      {preview ? <ImportReport report={preview} /> : null}
    </form>
  );
}
