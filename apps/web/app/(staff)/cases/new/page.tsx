import type { Metadata } from 'next';
import Link from 'next/link';

import { PhoneIntakeForm } from '../../../../modules/cases/phone-intake-form';

export const metadata: Metadata = { title: '電話受付 / Phone intake' };

export default function NewCasePage() {
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link href="/cases">← 相談一覧 / Cases</Link>
      </p>
      <h1>
        電話で受け付ける{' '}
        <span lang="en" className="en">
          New phone intake
        </span>
      </h1>
      <p className="notice notice--danger small">
        いま身の危険がある相談者には、すぐに110番(警察)への通報を案内してください。
        <span lang="en" className="en en--block">
          If the caller is in danger right now, tell them to call 110 at once.
        </span>
      </p>
      <PhoneIntakeForm />
    </div>
  );
}
