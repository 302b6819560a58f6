import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { formatDateTime } from '../../../../modules/dashboard/format';
import { ErrorState } from '../../../../modules/dashboard/page-states';
import { PrintButton } from '../../../../modules/cases/print-button';
import { PrivacyRegisterForm } from '../../../../modules/privacy/register-form';
import '../../../../modules/print/staff-print.css';

export const metadata: Metadata = { title: '個人情報ファイル簿 / Register of personal-information files' };

/**
 * The register of personal-information files (個人情報ファイル簿) for this system, as a local government keeps it
 * under the APPI: printable (print CSS keeps the record only), exportable as CSV, its free text editable. Admins.
 */
export default async function PrivacyRegisterPage() {
  const session = await requireStaff();
  if (!can(session.role, 'privacy.manage')) {
    forbidden();
  }
  const result = await staffCall(contract.privacy.register, {});
  if (!result.ok) {
    return <ErrorState message={result.error.message} retryHref="/admin/privacy" />;
  }
  const register = result.data;
  return (
    <div className="stack print-record">
      <h1>
        個人情報ファイル簿{' '}
        <span lang="en" className="en">
          Register of personal-information files
        </span>
      </h1>
      <div className="button-row no-print">
        <PrintButton />
        <a className="btn" href="/api/staff/privacy/register" download>
          CSV に書き出す <span lang="en">/ Export as CSV</span>
        </a>
        <Link className="btn btn--quiet" href="/admin/privacy/exposure">
          閲覧状況の報告(漏えい対応) <span lang="en">/ Exposure report (leak response)</span>
        </Link>
      </div>

      <section aria-labelledby="register-title" className="panel">
        <h2 id="register-title">
          記載事項 <span lang="en">/ Entries</span>
        </h2>
        <table className="data-table">
          <tbody>
            <tr>
              <th scope="row">
                個人情報ファイルの名称 <span lang="en">/ Name of the file</span>
              </th>
              <td>{register.fileName}</td>
            </tr>
            <tr>
              <th scope="row">
                行政機関等の名称 <span lang="en">/ Desk</span>
              </th>
              <td>
                {register.deskName}{' '}
                <Link className="no-print small" href="/admin/desk">
                  変更 / Change
                </Link>
              </td>
            </tr>
            <tr>
              <th scope="row">
                利用目的 <span lang="en">/ Purpose of use</span>
              </th>
              <td className="pre-wrap">{register.purpose}</td>
            </tr>
            <tr>
              <th scope="row">
                記録項目 <span lang="en">/ Items held</span>
              </th>
              <td>
                <ul>
                  {register.items.map((item) => (
                    <li key={item.key}>
                      {item.label.ja}
                      {item.specialCare ? '(要配慮個人情報を含みうる)' : ''}{' '}
                      <span lang="en" className="small">
                        / {item.label.en}
                        {item.specialCare ? ' (may hold special-care data)' : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
            <tr>
              <th scope="row">
                記録範囲 <span lang="en">/ Persons recorded</span>
              </th>
              <td>
                {register.scope.ja} <span lang="en">{register.scope.en}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">
                収集方法 <span lang="en">/ How collected</span>
              </th>
              <td>
                {register.collection.ja} <span lang="en">{register.collection.en}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">
                保存期間 <span lang="en">/ Retention</span>
              </th>
              <td>
                {register.retention.ja} <span lang="en">{register.retention.en}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">
                備考 <span lang="en">/ Notes</span>
              </th>
              <td className="pre-wrap">{register.notes || '—'}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="recipients-title" className="panel">
        <h2 id="recipients-title">
          経常的提供先 <span lang="en">/ Recipients</span>
        </h2>
        <p className="small muted">
          相談窓口の一覧と、実際に行った紹介の件数です。提供は本人の同意を得て、同意した項目に限ります。{' '}
          <span lang="en">
            The windows directory with the referrals actually made; only with the person&apos;s consent, only
            the fields consented to.
          </span>
        </p>
        <div className="table-wrap">
          <table className="data-table data-table--compact">
            <thead>
              <tr>
                <th scope="col">窓口 / Window</th>
                <th scope="col">運営 / Operator</th>
                <th scope="col">紹介 / Referrals</th>
                <th scope="col">送付 / Sent</th>
                <th scope="col">紹介状 / Letters</th>
                <th scope="col">最終送付 / Last sent</th>
              </tr>
            </thead>
            <tbody>
              {register.recipients.map((recipient) => (
                <tr key={recipient.windowSlug}>
                  <th scope="row">
                    {recipient.name.ja}
                    {recipient.active ? '' : '(無効 / inactive)'}
                    <span lang="en" className="block small">
                      {recipient.name.en}
                    </span>
                  </th>
                  <td>{recipient.operator}</td>
                  <td>{recipient.referrals}</td>
                  <td>{recipient.sent}</td>
                  <td>{recipient.disclosures}</td>
                  <td>{recipient.lastSentAt ? formatDateTime(recipient.lastSentAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="small muted">
          作成 {formatDateTime(register.generatedAt)}
          {register.updatedAt ? `・記載の更新 ${formatDateTime(register.updatedAt)}` : ''}{' '}
          <span lang="en">(generated, entries updated)</span>
        </p>
      </section>

      <section aria-labelledby="register-edit-title" className="panel no-print">
        <h2 id="register-edit-title">
          記載を編集 <span lang="en">/ Edit the entries</span>
        </h2>
        <PrivacyRegisterForm register={register} />
      </section>
    </div>
  );
}
