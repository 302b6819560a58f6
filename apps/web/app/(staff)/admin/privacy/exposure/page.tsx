import { can, contract, fromTokyoDateTimeLocal, type TLocalized } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../../lib/auth';
import { staffCall } from '../../../../../lib/staff-api';
import { ErrorState } from '../../../../../modules/dashboard/page-states';
import { ExposureReportView } from '../../../../../modules/privacy/exposure-report';
import { FieldError } from '../../../../../modules/ui/field-error';
import { errorId } from '../../../../../modules/ui/form-field';

export const metadata: Metadata = { title: '閲覧状況の報告 / Exposure report' };

type TExposurePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
};

/**
 * After a leak: for a time window (Japan time) and optionally some cases, who could read which personal data, from
 * the audit log (the same report as `npm run privacy:exposure`). Admins; each report is audited.
 */
export default async function ExposurePage({ searchParams }: TExposurePageProps) {
  const session = await requireStaff();
  if (!can(session.role, 'privacy.manage')) {
    forbidden();
  }
  const params = await searchParams;
  const from = first(params.from);
  const to = first(params.to);
  const cases = first(params.cases);
  const asked = from !== undefined || to !== undefined;
  const result = asked
    ? await staffCall(contract.privacy.exposure, {
        query: {
          from: from ? (fromTokyoDateTimeLocal(from) ?? from) : '',
          to: to ? (fromTokyoDateTimeLocal(to) ?? to) : '',
          cases,
        },
      })
    : null;
  const errors = new Map<string, TLocalized>(
    result && !result.ok
      ? result.error.fields.map((field) => [field.path.split('.')[0]!, field.message])
      : [],
  );
  const described = (name: string) => (errors.has(name) ? errorId(name) : undefined);

  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link href="/admin/privacy">← 個人情報ファイル簿 / Register</Link>
      </p>
      <h1>
        閲覧状況の報告{' '}
        <span lang="en" className="en">
          Exposure report
        </span>
      </h1>
      <p className="small muted">
        漏えい等の報告(個人情報保護委員会)の最初の材料です。監査ログから、期間内に誰がどの相談のどの種類のデータを見られたかを集計します。{' '}
        <span lang="en">
          The first material for a report to the Personal Information Protection Commission: who could read
          which personal data, from the audit log.
        </span>
      </p>
      <form
        className="filters"
        method="get"
        action="/admin/privacy/exposure"
        aria-label="期間と相談 / Window and cases"
      >
        <div className="filters__row">
          <div className="field">
            <label htmlFor="exposure-from">
              から(日本時間) <span lang="en">/ From (JST)</span>
            </label>
            <input
              id="exposure-from"
              name="from"
              type="datetime-local"
              required
              defaultValue={from ?? ''}
              aria-invalid={errors.has('from') ? true : undefined}
              aria-describedby={described('from')}
            />
            <FieldError name="from" message={errors.get('from')} />
          </div>
          <div className="field">
            <label htmlFor="exposure-to">
              まで <span lang="en">/ To</span>
            </label>
            <input
              id="exposure-to"
              name="to"
              type="datetime-local"
              required
              defaultValue={to ?? ''}
              aria-invalid={errors.has('to') ? true : undefined}
              aria-describedby={described('to')}
            />
            <FieldError name="to" message={errors.get('to')} />
          </div>
          <div className="field">
            <label htmlFor="exposure-cases">
              受付番号(カンマ区切り、空欄はすべて){' '}
              <span lang="en">/ Receipt numbers (comma-separated; empty: all)</span>
            </label>
            <input
              id="exposure-cases"
              name="cases"
              defaultValue={cases ?? ''}
              placeholder="K7QP-4MZT, AB23-CD45"
              autoComplete="off"
              aria-invalid={errors.has('cases') ? true : undefined}
              aria-describedby={described('cases')}
            />
            <FieldError name="cases" message={errors.get('cases')} />
          </div>
        </div>
        <div className="button-row">
          <button className="btn btn--primary" type="submit">
            集計する / Report
          </button>
        </div>
      </form>
      {result === null ? null : result.ok ? (
        <ExposureReportView report={result.data} />
      ) : errors.size > 0 ? null : (
        <ErrorState message={result.error.message} retryHref="/admin/privacy/exposure" />
      )}
    </div>
  );
}
