import {
  CASE_STATUS_LABELS,
  contract,
  INTAKE_CHANNEL_LABELS,
  REFERRAL_METHOD_LABELS,
  URGENCY_LABELS,
} from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';

import { staffCall } from '../../../../../lib/staff-api';
import { formatDateTime } from '../../../../../modules/dashboard/format';
import { ErrorState } from '../../../../../modules/dashboard/page-states';
import { IntakeView } from '../../../../../modules/cases/intake-view';
import { categoryLabel } from '../../../../../modules/cases/labels';
import { PrintButton } from '../../../../../modules/cases/print-button';
import { Timeline } from '../../../../../modules/cases/timeline';
import { TriageExplanation } from '../../../../../modules/cases/triage-explanation';
import '../../../../../modules/print/staff-print.css';
import './print.css';

export const metadata: Metadata = { title: '相談の印刷 / Print a case' };

type TCasePrintPageProps = { params: Promise<{ id: string }> };

const IDENTIFIER_LABELS: Record<string, string> = {
  phone: '電話番号 / Phone',
  url: 'URL',
  domain: 'ドメイン / Domain',
  email: 'メール / E-mail',
  bank_account: '口座 / Bank account',
  name: '名前・名乗り / Name used',
};

/**
 * The case on paper: what a supervisor reviews or the desk files. Everything the case page shows, without its
 * forms, in reading order; print CSS (print.css) drops the staff header and the buttons. The same content as a
 * file comes from the API's case export (the PDF link), which is audited as an export.
 */
export default async function CasePrintPage({ params }: TCasePrintPageProps) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) {
    notFound();
  }
  const [detail, timeline, referrals, windows, directory] = await Promise.all([
    staffCall(contract.cases.get, { params: { id } }),
    staffCall(contract.cases.timeline, { params: { id } }),
    staffCall(contract.referrals.listForCase, { params: { caseId: id } }),
    staffCall(contract.windows.list, {}),
    staffCall(contract.users.directory, {}),
  ]);
  if (!detail.ok) {
    if (detail.error.status === 404) {
      notFound();
    }
    return <ErrorState message={detail.error.message} retryHref={`/cases/${id}/print`} />;
  }
  const item = detail.data;
  const names = new Map(
    (directory.ok ? directory.data : []).map((person) => [person.id, person.displayName]),
  );
  const categories =
    item.confirmedCategories.length > 0 ? item.confirmedCategories : item.suggestedCategories;

  return (
    <article className="case-print print-record stack">
      <div className="case-print__actions no-print">
        <Link href={`/cases/${item.id}`}>← 相談に戻る / Back to the case</Link>
        <PrintButton />
        <a className="btn" href={`/api/staff/cases/${item.id}/export`} download>
          PDFをダウンロード <span lang="en">/ Download PDF</span>
        </a>
      </div>
      <header>
        <h1>
          相談記録 {item.receiptNumber}
          <span lang="en" className="en">
            Case record {item.receiptNumber}
          </span>
        </h1>
        <p className="small">
          職員用・外部持ち出し禁止(ご本人の個人情報と内部メモを含みます)。
          <span lang="en"> Staff only: contains personal data and internal notes.</span>
        </p>
      </header>

      <section aria-labelledby="print-summary-title" className="case-print__section">
        <h2 id="print-summary-title">
          概要 <span lang="en">/ Summary</span>
        </h2>
        <dl className="meta-list">
          <div>
            <dt>状態 / Status</dt>
            <dd>{CASE_STATUS_LABELS[item.status].ja}</dd>
          </div>
          <div>
            <dt>優先度 / Priority</dt>
            <dd>
              {URGENCY_LABELS[item.priority].ja}(自動判定 / triage: {URGENCY_LABELS[item.urgency].ja})
            </dd>
          </div>
          <div>
            <dt>受付経路 / Channel</dt>
            <dd>{INTAKE_CHANNEL_LABELS[item.channel].ja}</dd>
          </div>
          <div>
            <dt>受付日時 / Received</dt>
            <dd>{formatDateTime(item.createdAt)}</dd>
          </div>
          <div>
            <dt>担当 / Assignee</dt>
            <dd>{item.assignee?.displayName ?? '未割り当て / unassigned'}</dd>
          </div>
          <div>
            <dt>相談の種類 / Categories</dt>
            <dd>
              {categories.map((code) => categoryLabel(code).ja).join('、') || '—'}
              {item.confirmedCategories.length === 0 ? '(未確定 / not confirmed)' : ''}
            </dd>
          </div>
          {item.followUpAt ? (
            <div>
              <dt>次の確認 / Follow-up</dt>
              <dd>{formatDateTime(item.followUpAt)}</dd>
            </div>
          ) : null}
          {item.tags.length > 0 ? (
            <div>
              <dt>タグ / Tags</dt>
              <dd>{item.tags.join('、')}</dd>
            </div>
          ) : null}
        </dl>
        {item.summary ? <p className="pre-wrap">{item.summary}</p> : null}
      </section>

      <section aria-labelledby="print-intake-title" className="case-print__section">
        <h2 id="print-intake-title">
          ご本人が書いたこと・受付内容 <span lang="en">/ What the person wrote</span>
        </h2>
        <IntakeView detail={item} />
      </section>

      <section aria-labelledby="print-triage-title" className="case-print__section">
        <h2 id="print-triage-title">
          自動判定 <span lang="en">/ Triage</span>
        </h2>
        <TriageExplanation triage={item.triage} windows={windows.ok ? windows.data : []} />
      </section>

      <section aria-labelledby="print-identifiers-title" className="case-print__section">
        <h2 id="print-identifiers-title">
          相手の情報 <span lang="en">/ Identifiers</span>
        </h2>
        {item.identifiers.length > 0 ? (
          <ul>
            {item.identifiers.map((identifier) => (
              <li key={identifier.id}>
                {IDENTIFIER_LABELS[identifier.kind] ?? identifier.kind}: {identifier.display}
                {identifier.inRegistry ? '(詐欺情報リストに登録あり / in the scam registry)' : ''}
                {identifier.otherCases.count > 0
                  ? `(ほかの相談 ${identifier.otherCases.count}件 / ${identifier.otherCases.count} other cases)`
                  : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">ありません / None</p>
        )}
      </section>

      <section aria-labelledby="print-referrals-title" className="case-print__section">
        <h2 id="print-referrals-title">
          紹介 <span lang="en">/ Referrals</span>
        </h2>
        {!referrals.ok ? (
          <ErrorState message={referrals.error.message} retryHref={`/cases/${id}/print`} />
        ) : referrals.data.length === 0 ? (
          <p className="muted">紹介はありません / No referrals</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">紹介番号 / No.</th>
                <th scope="col">紹介先 / Window</th>
                <th scope="col">方法 / Method</th>
                <th scope="col">状態 / Status</th>
                <th scope="col">作成 / Created</th>
                <th scope="col">ご依頼事項 / Request</th>
              </tr>
            </thead>
            <tbody>
              {referrals.data.map((referral) => (
                <tr key={referral.id}>
                  <td>{referral.referralNumber}</td>
                  <td>{referral.window.name.ja}</td>
                  <td>{REFERRAL_METHOD_LABELS[referral.method].ja}</td>
                  <td>{referral.statusLabel.ja}</td>
                  <td>{formatDateTime(referral.createdAt)}</td>
                  <td className="pre-wrap">{referral.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="print-timeline-title" className="case-print__section">
        <h2 id="print-timeline-title">
          経過(メモ・連絡・メッセージ) <span lang="en">/ Timeline: notes, calls, messages</span>
        </h2>
        {timeline.ok ? (
          <Timeline items={timeline.data.items} names={names} />
        ) : (
          <ErrorState message={timeline.error.message} retryHref={`/cases/${id}/print`} />
        )}
      </section>
    </article>
  );
}
