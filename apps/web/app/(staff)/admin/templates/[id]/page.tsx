import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';

import { requireStaff } from '../../../../../lib/auth';
import { staffCall } from '../../../../../lib/staff-api';
import { TemplateActiveButton, TemplateEditor } from '../../../../../modules/admin/template-editor';
import { ErrorState } from '../../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '定型文の編集 / Edit template' };

export default async function TemplateEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireStaff();
  if (!can(session.role, 'templates.manage')) {
    forbidden();
  }
  if (!z.uuid().safeParse(id).success) {
    notFound();
  }
  const template = await staffCall(contract.templates.get, { params: { id } });
  if (!template.ok) {
    if (template.error.status === 404) {
      notFound();
    }
    return <ErrorState message={template.error.message} retryHref={`/admin/templates/${id}`} />;
  }
  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link href="/admin/templates">← 定型文 / Templates</Link>
      </p>
      <h1>
        {template.data.title}{' '}
        <span lang="en" className="en">
          Template
        </span>
      </h1>
      <p>
        {template.data.active ? '有効(相談画面に出ます)' : '無効(相談画面には出ません)'}{' '}
        <span lang="en">{template.data.active ? 'Active (offered on cases)' : 'Inactive (not offered)'}</span>{' '}
        <TemplateActiveButton template={template.data} />
      </p>
      <section className="panel">
        <TemplateEditor template={template.data} />
      </section>
    </div>
  );
}
