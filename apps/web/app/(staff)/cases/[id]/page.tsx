import { can, contract, INTAKE_CHANNEL_LABELS, type TIntakePerson, ZPrefectureCode } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { formatDateTime } from '../../../../modules/dashboard/format';
import { ErrorState } from '../../../../modules/dashboard/page-states';
import { CaseMergePanel } from '../../../../modules/cases/case-merge-panel';
import { CategoriesForm } from '../../../../modules/cases/categories-form';
import {
  AssignControl,
  CaseDetailsForm,
  PriorityForm,
  StatusChangeForm,
} from '../../../../modules/cases/case-workflow';
import { CaseShortcuts } from '../../../../modules/cases/case-shortcuts';
import { CaseSummaryBar } from '../../../../modules/cases/case-summary-bar';
import { IdentifiersSection, LinksSection } from '../../../../modules/cases/identifiers-section';
import { IntakeView } from '../../../../modules/cases/intake-view';
import { RecordForms } from '../../../../modules/cases/record-forms';
import { ReferralForm } from '../../../../modules/cases/referral-form';
import { ReferralList } from '../../../../modules/cases/referral-list';
import { caseSafetyFlags, SafetyFlagBanner } from '../../../../modules/cases/safety-flags';
import { Timeline } from '../../../../modules/cases/timeline';
import { TriageExplanation } from '../../../../modules/cases/triage-explanation';
import { EvidenceSection } from '../../../../modules/evidence/evidence-section';
import { PersonRequestsPanel } from '../../../../modules/person-requests/person-requests-panel';
import { RetentionPanel, ShreddedNotice } from '../../../../modules/retention/retention-panel';

export const metadata: Metadata = { title: '相談 / Case' };

type TCasePageProps = { params: Promise<{ id: string }> };

/** Timeline entries shown open; older ones are one click away. */
const TIMELINE_OPEN_ENTRIES = 5;

export default async function CasePage({ params }: TCasePageProps) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) {
    notFound();
  }
  const session = await requireStaff();
  const [
    detail,
    timeline,
    referrals,
    windows,
    directory,
    merges,
    templates,
    evidence,
    retention,
    personRequests,
  ] = await Promise.all([
    staffCall(contract.cases.get, { params: { id } }),
    staffCall(contract.cases.timeline, { params: { id } }),
    staffCall(contract.referrals.listForCase, { params: { caseId: id } }),
    staffCall(contract.windows.list, {}),
    staffCall(contract.users.directory, {}),
    staffCall(contract.caseMerges.get, { params: { id } }),
    staffCall(contract.templates.list, {}),
    staffCall(contract.evidence.list, { params: { id } }),
    staffCall(contract.retention.get, { params: { id } }),
    staffCall(contract.personRequests.listForCase, { params: { id } }),
  ]);
  if (!detail.ok) {
    if (detail.error.status === 404) {
      notFound();
    }
    return <ErrorState message={detail.error.message} retryHref={`/cases/${id}`} />;
  }
  const item = detail.data;
  const names = new Map(
    (directory.ok ? directory.data : []).map((person) => [person.id, person.displayName]),
  );
  const prefecture = ZPrefectureCode.safeParse(item.prefecture);
  const person: TIntakePerson = {
    ...(item.personAge !== null ? { age: item.personAge } : {}),
    ...(prefecture.success ? { prefecture: prefecture.data } : {}),
  };
  const ref = { caseId: item.id, version: item.version };
  const flags = caseSafetyFlags(item);

  /*
   * Layout: the head (number, flags with their evidence), then a summary bar that stays on screen, a
   * list of the sections, and the sections themselves (reading on the left, acting on the right on a wide
   * screen; one column on a phone). The long parts (the triage explanation, the intake's answers, the
   * identifiers, the referral, link and merge forms, older timeline entries) are collapsed in <details>
   * (case-page.e2e.ts bounds the phone height). A new section is one more
   * <section className="panel case-section">.
   */
  return (
    <div className="stack case-page">
      <p className="breadcrumb">
        <Link href="/cases">← 相談一覧 / Cases</Link>
        {' ・ '}
        <Link href={`/cases/${id}/print`}>印刷・PDF / Print or PDF</Link>
        {' ・ '}
        <Link href={`/cases/${id}/disclosures`}>提供記録 / Disclosure record</Link>
      </p>
      <header className="case-head">
        <h1>
          相談 {item.receiptNumber}
          <span lang="en" className="en">
            Case {item.receiptNumber}
          </span>
        </h1>
        {/* Right under the case number, before anything else: these must be seen on opening the case. */}
        <SafetyFlagBanner flags={flags} signals={item.triage?.result.signals ?? []} />
        {retention.ok && retention.data.shreddedAt ? (
          <ShreddedNotice shreddedAt={retention.data.shreddedAt} />
        ) : null}
        <p className="small muted">
          {INTAKE_CHANNEL_LABELS[item.channel].ja}・受付 {formatDateTime(item.createdAt)}・更新{' '}
          {formatDateTime(item.updatedAt)}・版 {item.version}
          <span lang="en"> (channel, received, updated, version)</span>
        </p>
        {item.summary ? <p className="case-head__summary">{item.summary}</p> : null}
        <div className="case-head__tools">
          <CaseShortcuts />
        </div>
      </header>

      <CaseSummaryBar detail={item} flags={flags} />

      <nav className="case-sections" aria-label="この相談の項目 / Sections of this case">
        <ul>
          <li>
            <a href="#intake-title">相談内容</a>
          </li>
          <li>
            <a href="#record">記録</a>
          </li>
          <li>
            <a href="#referrals-title">紹介</a>
          </li>
          <li>
            <a href="#timeline-title">経過</a>
          </li>
          <li>
            <a href="#case-actions">状態・担当</a>
          </li>
        </ul>
      </nav>

      <div className="case-layout">
        <div className="case-main stack">
          {/* Only when the person asked something: their requests have a due date, so they come first. */}
          {personRequests.ok && personRequests.data.items.length > 0 ? (
            <section aria-labelledby="person-requests-title" className="panel case-section">
              <h2 id="person-requests-title">
                ご本人からの請求 <span lang="en">/ Requests from the person</span>
              </h2>
              <PersonRequestsPanel caseId={item.id} requests={personRequests.data.items} />
            </section>
          ) : null}
          <section aria-labelledby="triage-title" className="panel case-section">
            <h2 id="triage-title">
              自動判定の説明 <span lang="en">/ Why triage decided this</span>
            </h2>
            <details className="case-more">
              <summary>
                判定の根拠を表示 <span lang="en">/ Show the reasons</span>
              </summary>
              <TriageExplanation triage={item.triage} windows={windows.ok ? windows.data : []} />
            </details>
          </section>

          <section aria-labelledby="intake-title" className="panel case-section">
            <h2 id="intake-title">
              相談内容 <span lang="en">/ What the person wrote</span>
            </h2>
            <IntakeView detail={item} />
          </section>

          <EvidenceSection
            caseId={item.id}
            evidence={evidence}
            canDelete={can(session.role, 'evidence.delete')}
          />

          <section aria-labelledby="identifiers-title" className="panel case-section">
            <h2 id="identifiers-title">
              相手の情報と照合 <span lang="en">/ Identifiers</span>
            </h2>
            <details className="case-more">
              <summary>
                {item.identifiers.length}件を表示 <span lang="en">/ Show {item.identifiers.length}</span>
              </summary>
              <IdentifiersSection detail={item} />
            </details>
          </section>

          <section id="record" aria-labelledby="record-title" className="panel case-section">
            <h2 id="record-title" className="visually-hidden">
              記録 / Record
            </h2>
            <RecordForms
              caseId={item.id}
              userId={session.sub}
              templates={templates.ok ? templates.data : []}
            />
          </section>

          <section aria-labelledby="referrals-title" className="panel case-section">
            <h2 id="referrals-title">
              紹介 <span lang="en">/ Referrals</span>
            </h2>
            {referrals.ok ? (
              <ReferralList caseId={item.id} referrals={referrals.data} />
            ) : (
              <ErrorState message={referrals.error.message} retryHref={`/cases/${id}`} />
            )}
            {windows.ok ? (
              <ReferralForm
                caseId={item.id}
                windows={windows.data}
                recommendations={item.triage?.result.recommendations ?? []}
                person={person}
                closed={item.status === 'closed'}
                evidence={
                  evidence.ok
                    ? evidence.data.files.filter(
                        (file) => file.scanState === 'clean' && file.deleted === null,
                      )
                    : []
                }
              />
            ) : (
              <ErrorState message={windows.error.message} retryHref={`/cases/${id}`} />
            )}
          </section>

          <section aria-labelledby="links-title" className="panel case-section">
            <h2 id="links-title">
              関連する相談 <span lang="en">/ Linked cases</span>
            </h2>
            <LinksSection detail={item} />
          </section>

          {merges.ok ? (
            <section aria-labelledby="merge-title" className="panel case-section">
              <h2 id="merge-title" className="visually-hidden">
                統合 / Merge
              </h2>
              <CaseMergePanel caseId={item.id} merges={merges.data} />
            </section>
          ) : null}

          <section aria-labelledby="timeline-title" className="panel case-section">
            <h2 id="timeline-title">
              経過 <span lang="en">/ Timeline</span>
            </h2>
            {timeline.ok ? (
              <Timeline items={timeline.data.items} names={names} recent={TIMELINE_OPEN_ENTRIES} />
            ) : (
              <ErrorState message={timeline.error.message} retryHref={`/cases/${id}`} />
            )}
          </section>
        </div>

        <aside id="case-actions" className="case-side stack" aria-label="操作 / Actions">
          <section className="panel">
            <AssignControl
              {...ref}
              assignee={item.assignee}
              me={session.sub}
              directory={directory.ok ? directory.data : []}
            />
          </section>
          <section className="panel">
            <StatusChangeForm {...ref} status={item.status} />
          </section>
          {/* Used less often than assigning and status: folded, so the page stays short on a phone. */}
          <details className="panel case-more">
            <summary>
              分類 <span lang="en">/ Categories</span>
            </summary>
            <CategoriesForm
              {...ref}
              suggested={item.suggestedCategories}
              confirmed={item.confirmedCategories}
            />
          </details>
          <details className="panel case-more">
            <summary>
              優先度 <span lang="en">/ Priority</span>
            </summary>
            <PriorityForm {...ref} priority={item.priority} urgency={item.urgency} />
          </details>
          <details className="panel case-more">
            <summary>
              要約・タグ・次の連絡日 <span lang="en">/ Summary, tags, follow-up</span>
            </summary>
            <CaseDetailsForm {...ref} summary={item.summary} tags={item.tags} followUpAt={item.followUpAt} />
          </details>
          {retention.ok ? (
            <details
              className="panel case-more"
              open={retention.data.retentionClass === 'legal_hold' || undefined}
            >
              <summary>
                保存期間 <span lang="en">/ Retention</span>
              </summary>
              <RetentionPanel
                caseId={item.id}
                retention={retention.data}
                canManage={can(session.role, 'cases.retention')}
              />
            </details>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
