import { contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';

import { requireStaff } from '../../../../../lib/auth';
import { staffCall } from '../../../../../lib/staff-api';
import { formatDateTime } from '../../../../../modules/dashboard/format';
import { ErrorState } from '../../../../../modules/dashboard/page-states';
import { PrintButton } from '../../../../../modules/cases/print-button';
import { DisclosureRecordView } from '../../../../../modules/privacy/disclosure-record';
import '../../../../../modules/print/staff-print.css';

export const metadata: Metadata = { title: '提供記録 / Disclosure record' };

type TDisclosurePageProps = { params: Promise<{ id: string }> };

/**
 * A case's disclosure record (提供記録): what left the desk for which window, under which consent, and whether the
 * window opened its link. Read from the referrals, the disclosure ledger and the audit log; viewing it is audited.
 */
export default async function CaseDisclosuresPage({ params }: TDisclosurePageProps) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) {
    notFound();
  }
  await requireStaff();
  const detail = await staffCall(contract.cases.get, { params: { id } });
  if (!detail.ok) {
    if (detail.error.status === 404) {
      notFound();
    }
    return <ErrorState message={detail.error.message} retryHref={`/cases/${id}/disclosures`} />;
  }
  const receiptNumber = detail.data.receiptNumber;
  const record = await staffCall(contract.privacy.disclosures, { params: { receiptNumber } });
  if (!record.ok) {
    return <ErrorState message={record.error.message} retryHref={`/cases/${id}/disclosures`} />;
  }
  const files = `/api/staff/privacy/disclosures/${receiptNumber}`;
  return (
    <div className="stack print-record">
      <p className="breadcrumb no-print">
        <Link href={`/cases/${id}`}>← 相談 {receiptNumber} / Case</Link>
      </p>
      <h1>
        提供記録 {receiptNumber}{' '}
        <span lang="en" className="en">
          Disclosure record
        </span>
      </h1>
      <div className="button-row no-print">
        <PrintButton />
        <a className="btn" href={`${files}/record.csv`} download>
          CSV
        </a>
        <a className="btn" href={`${files}/record.pdf`} download>
          PDF
        </a>
      </div>
      <DisclosureRecordView record={record.data} />
      <p className="small muted">
        作成 {formatDateTime(record.data.generatedAt)} <span lang="en">(generated)</span>
      </p>
    </div>
  );
}
