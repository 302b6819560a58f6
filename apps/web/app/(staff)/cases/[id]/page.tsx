import { contract, INTAKE_CHANNEL_LABELS, type TIntakePerson, ZPrefectureCode } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { formatDateTime } from '../../../../modules/dashboard/format';
import { ErrorState } from '../../../../modules/dashboard/page-states';
import { StatusBadge } from '../../../../modules/dashboard/status-badge';
import { UrgencyBadge } from '../../../../modules/dashboard/urgency-badge';
import { CategoriesForm } from '../../../../modules/cases/categories-form';
import {
  AssignControl,
  CaseDetailsForm,
  PriorityForm,
  StatusChangeForm,
} from '../../../../modules/cases/case-workflow';
import { IdentifiersSection, LinksSection } from '../../../../modules/cases/identifiers-section';
import { IntakeView } from '../../../../modules/cases/intake-view';
import { RecordForms } from '../../../../modules/cases/record-forms';
import { ReferralForm } from '../../../../modules/cases/referral-form';
import { ReferralList } from '../../../../modules/cases/referral-list';
import { caseSafetyFlags, SafetyFlagBanner } from '../../../../modules/cases/safety-flags';
import { Timeline } from '../../../../modules/cases/timeline';
import { TriageExplanation } from '../../../../modules/cases/triage-explanation';

export const metadata: Metadata = { title: '相談 / Case' };

type TCasePageProps = { params: Promise<{ id: string }> };

export default async function CasePage({ params }: TCasePageProps) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) {
    notFound();
  }
  const session = await requireStaff();
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

  return (
    <div className="stack">
      <p className="breadcrumb">
        <Link href="/cases">← 相談一覧 / Cases</Link>
      </p>
      <header className="case-head">
        <h1>
          相談 {item.receiptNumber}
          <span lang="en" className="en">
            Case {item.receiptNumber}
          </span>
        </h1>
        {/* Right under the case number, before anything else: these must be seen on opening the case. */}
        <SafetyFlagBanner flags={caseSafetyFlags(item)} signals={item.triage?.result.signals ?? []} />
        <div className="case-head__badges">
          <UrgencyBadge urgency={item.priority} label="優先度 / Priority: " />
          <StatusBadge status={item.status} />
          <span className="badge">{INTAKE_CHANNEL_LABELS[item.channel].ja}</span>
        </div>
        <p className="small muted">
          受付 {formatDateTime(item.createdAt)}・更新 {formatDateTime(item.updatedAt)}・版 {item.version}
          <span lang="en"> (received, updated, version)</span>
        </p>
        {item.summary ? <p className="case-head__summary">{item.summary}</p> : null}
      </header>

      <div className="case-layout">
        <div className="case-main stack">
          <section aria-labelledby="triage-title" className="panel">
            <h2 id="triage-title">
              自動判定の説明 <span lang="en">/ Why triage decided this</span>
            </h2>
            <TriageExplanation triage={item.triage} windows={windows.ok ? windows.data : []} />
          </section>

          <section aria-labelledby="intake-title" className="panel">
            <h2 id="intake-title">
              受付内容 <span lang="en">/ Intake</span>
            </h2>
            <IntakeView detail={item} />
          </section>

          <section aria-labelledby="identifiers-title" className="panel">
            <h2 id="identifiers-title">
              相手の情報と照合 <span lang="en">/ Identifiers</span>
            </h2>
            <IdentifiersSection detail={item} />
          </section>

          <section aria-labelledby="referrals-title" className="panel">
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
              />
            ) : (
              <ErrorState message={windows.error.message} retryHref={`/cases/${id}`} />
            )}
          </section>

          <section aria-labelledby="links-title" className="panel">
            <h2 id="links-title">
              関連する相談 <span lang="en">/ Linked cases</span>
            </h2>
            <LinksSection detail={item} />
          </section>

          <section aria-labelledby="timeline-title" className="panel">
            <h2 id="timeline-title">
              経過 <span lang="en">/ Timeline</span>
            </h2>
            {timeline.ok ? (
              <Timeline items={timeline.data.items} names={names} />
            ) : (
              <ErrorState message={timeline.error.message} retryHref={`/cases/${id}`} />
            )}
          </section>
        </div>

        <aside className="case-side stack" aria-label="操作 / Actions">
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
          <section className="panel">
            <RecordForms caseId={item.id} />
          </section>
          <section className="panel">
            <CategoriesForm
              {...ref}
              suggested={item.suggestedCategories}
              confirmed={item.confirmedCategories}
            />
          </section>
          <section className="panel">
            <PriorityForm {...ref} priority={item.priority} urgency={item.urgency} />
          </section>
          <section className="panel">
            <CaseDetailsForm {...ref} summary={item.summary} tags={item.tags} followUpAt={item.followUpAt} />
          </section>
        </aside>
      </div>
    </div>
  );
}
