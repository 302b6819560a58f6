import { can, contract, TEMPLATE_KIND_LABELS } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { TemplateActiveButton, TemplateEditor } from '../../../../modules/admin/template-editor';
import { formatDateTime } from '../../../../modules/dashboard/format';
import { EmptyState, ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '定型文 / Templates' };

export default async function TemplatesAdminPage() {
  const session = await requireStaff();
  if (!can(session.role, 'templates.manage')) {
    forbidden();
  }
  const templates = await staffCall(contract.templates.list, { query: { includeInactive: 'true' } });
  return (
    <div className="stack">
      <h1>
        定型文{' '}
        <span lang="en" className="en">
          Message and note templates
        </span>
      </h1>
      <p>
        相談画面の「テンプレートを使う」に出る文面です。相談者へのメッセージは確認ページにそのまま表示されるので、やさしい言葉で書いてください。
        <span lang="en" className="en en--block">
          Offered as “Use a template” on the case page. Messages to the person appear on their status page as
          written: keep them plain and kind.
        </span>
      </p>
      {!templates.ok ? (
        <ErrorState message={templates.error.message} retryHref="/admin/templates" />
      ) : templates.data.length === 0 ? (
        <EmptyState>
          <p>定型文はまだありません。 / No templates yet.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">定型文の一覧 / Templates</caption>
            <thead>
              <tr>
                <th scope="col">題名 / Title</th>
                <th scope="col">種類 / Kind</th>
                <th scope="col">状態 / State</th>
                <th scope="col">更新 / Updated</th>
                <th scope="col">操作 / Actions</th>
              </tr>
            </thead>
            <tbody>
              {templates.data.map((template) => (
                <tr key={template.id} data-testid={`template-${template.id}`}>
                  <td>
                    <Link href={`/admin/templates/${template.id}`}>{template.title}</Link>
                  </td>
                  <td>
                    {TEMPLATE_KIND_LABELS[template.kind].ja}{' '}
                    <span lang="en">{TEMPLATE_KIND_LABELS[template.kind].en}</span>
                  </td>
                  <td>
                    {template.active ? (
                      <span className="badge badge--info">有効 / Active</span>
                    ) : (
                      <span className="badge">無効 / Inactive</span>
                    )}
                  </td>
                  <td>{formatDateTime(template.updatedAt)}</td>
                  <td>
                    <TemplateActiveButton template={template} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel">
        <TemplateEditor />
      </section>
    </div>
  );
}
