import type { Metadata } from 'next';

import { checkStatusAction } from '../../../modules/status/status-actions';
import { StatusForm } from '../../../modules/status/status-form';

export const metadata: Metadata = { title: '相談の状況を確認する / Check on your consultation' };

export default function StatusPage() {
  return (
    <div className="container stack">
      <StatusForm action={checkStatusAction} />
    </div>
  );
}
