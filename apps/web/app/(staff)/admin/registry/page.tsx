import { can, contract, IDENTIFIER_KIND_LABELS, IDENTIFIER_KINDS, ZRegistryQuery } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';

import { requireStaff } from '../../../../lib/auth';
import { toQueryString } from '../../../../lib/api-client';
import { staffCall } from '../../../../lib/staff-api';
import {
  AddRegistryEntryForm,
  DeleteRegistryEntryButton,
  RegistryImport,
} from '../../../../modules/admin/registry-admin';
import { formatDate } from '../../../../modules/dashboard/format';
import { EmptyState, ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '詐欺情報リスト / Scam registry' };

const PAGE_SIZE = 50;

type TRegistryPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}

/** Known scam phone numbers, sites, accounts: every staff member looks them up; admins maintain them. */
export default async function RegistryPage({ searchParams }: TRegistryPageProps) {
  const session = await requireStaff();
  const isAdmin = can(session.role, 'registry.manage');
  const params = await searchParams;
  const query = ZRegistryQuery.safeParse({
    kind: first(params.kind),
    q: first(params.q),
    page: first(params.page),
    pageSize: PAGE_SIZE,
  });
  const list = query.success ? await staffCall(contract.registry.list, { query: query.data }) : null;
  const filters = query.success ? { kind: query.data.kind, q: query.data.q } : {};
  const pageHref = (page: number) =>
    `/admin/registry${toQueryString({ ...filters, page: page > 1 ? page : undefined })}`;

  return (
    <div className="stack">
      <h1>
        詐欺情報リスト{' '}
        <span lang="en" className="en">
          Known-scam registry
        </span>
      </h1>
      <p>
        公表された詐欺の電話番号・サイト・口座などです。相談の識別情報と自動で照合されます。
        <span lang="en" className="en en--block">
          Published scam numbers, sites and accounts, matched against every case&apos;s identifiers.
        </span>
      </p>

      <form
        className="panel inline-form inline-form--wrap"
        method="get"
        action="/admin/registry"
        role="search"
        aria-label="詐欺情報の検索 / Search the registry"
      >
        <label htmlFor="registry-kind">
          種類 <span lang="en">/ Kind</span>
        </label>
        <select id="registry-kind" name="kind" defaultValue={filters.kind ?? ''}>
          <option value="">すべて / Any</option>
          {IDENTIFIER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {IDENTIFIER_KIND_LABELS[kind].ja}
            </option>
          ))}
        </select>
        <label htmlFor="registry-q">
          検索 <span lang="en">/ Search</span>
        </label>
        <input id="registry-q" name="q" type="search" defaultValue={filters.q ?? ''} />
        <button className="btn btn--small" type="submit">
          検索 / Search
        </button>
        <Link className="btn btn--small btn--quiet" href="/admin/registry">
          クリア / Clear
        </Link>
      </form>

      {!query.success ? (
        <ErrorState
          message={{ ja: '検索条件が正しくありません。', en: 'The search is not valid.' }}
          retryHref="/admin/registry"
        />
      ) : !list?.ok ? (
        <ErrorState message={list?.error.message ?? { ja: '', en: '' }} retryHref={pageHref(1)} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>
          <p>
            該当する項目はありません。 <span lang="en">No entries found.</span>
          </p>
        </EmptyState>
      ) : (
        <section aria-labelledby="registry-results" className="stack-sm">
          <h2 id="registry-results" className="h-small">
            {list.data.total}件中 {(list.data.page - 1) * list.data.pageSize + 1}〜
            {(list.data.page - 1) * list.data.pageSize + list.data.items.length}件{' '}
            <span lang="en">of {list.data.total}</span>
          </h2>
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">種類 / Kind</th>
                  <th scope="col">値 / Value</th>
                  <th scope="col">出典 / Source</th>
                  <th scope="col">備考 / Note</th>
                  <th scope="col">登録日 / Added</th>
                  {isAdmin ? (
                    <th scope="col">
                      <span className="visually-hidden">操作 / Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>{IDENTIFIER_KIND_LABELS[entry.kind].ja}</td>
                    <th scope="row">
                      <code>{entry.display}</code>
                    </th>
                    <td>{entry.source}</td>
                    <td>{entry.note ?? '—'}</td>
                    <td>{formatDate(entry.createdAt)}</td>
                    {isAdmin ? (
                      <td>
                        <DeleteRegistryEntryButton id={entry.id} label={entry.display} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="ページ / Pages">
            {list.data.page > 1 ? (
              <Link className="btn btn--quiet" href={pageHref(list.data.page - 1)}>
                前へ / Previous
              </Link>
            ) : null}
            {list.data.page * list.data.pageSize < list.data.total ? (
              <Link className="btn" href={pageHref(list.data.page + 1)}>
                次へ / Next
              </Link>
            ) : null}
          </nav>
        </section>
      )}

      {isAdmin ? (
        <>
          <section className="panel">
            <RegistryImport />
          </section>
          <section className="panel">
            <AddRegistryEntryForm />
          </section>
        </>
      ) : null}
    </div>
  );
}
