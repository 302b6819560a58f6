import {
  can,
  CASE_STATUS_LABELS,
  contract,
  REVIEW_REASON_LABELS,
  REVIEW_REASONS,
  REVIEW_WINDOW_DAYS,
  type TReviewReason,
  URGENCY_LABELS,
  ZReviewReason,
} from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { categoryLabel } from '../../../../modules/cases/labels';
import { formatDateTime } from '../../../../modules/dashboard/format';
import { AccessDenied, EmptyState, ErrorState } from '../../../../modules/dashboard/page-states';
import { reviewCase } from '../../../../modules/supervision/review-actions';
import { ReviewForm } from '../../../../modules/supervision/review-form';

export const metadata: Metadata = { title: 'レビュー待ち / Review queue' };

type TReviewsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The supervisors' review queue: emergencies, cases closed without a referral, cases whose triage a counselor
 * overrode, and a sample of each counselor's closed cases. A review (agree, or a concern with a comment)
 * takes the case out of the queue.
 */
export default async function ReviewsPage({ searchParams }: TReviewsPageProps) {
  const session = await requireStaff();
  if (!can(session.role, 'cases.supervise')) {
    return <AccessDenied />;
  }
  const params = await searchParams;
  const parsedReason = ZReviewReason.safeParse(first(params.reason));
  const reason: TReviewReason | undefined = parsedReason.success ? parsedReason.data : undefined;
  const reviewed = first(params.reviewed);
  const queue = await staffCall(contract.supervision.reviews, { query: reason ? { reason } : {} });

  return (
    <div className="stack">
      <h1>
        レビュー待ち{' '}
        <span lang="en" className="en">
          Review queue
        </span>
      </h1>
      <p className="small">
        過去{REVIEW_WINDOW_DAYS}
        日に受け付けた、または終了した相談のうち、緊急・紹介なしで終了・自動判定の変更のあるものと、
        相談員ごとに終了した相談の約1割(毎回同じ相談が選ばれます)です。レビューすると一覧から外れます。
        <span lang="en" className="en en--block">
          Cases received or closed in the last {REVIEW_WINDOW_DAYS} days that were emergencies, closed without
          a referral or had their triage overridden, and about a tenth of each counselor&apos;s closed cases
          (the same ones each time). A reviewed case leaves the list.
        </span>
      </p>
      {reviewed ? (
        <p className="notice notice--success" role="status" data-testid="review-done">
          受付番号 {reviewed} のレビューを記録しました。{' '}
          <span lang="en" className="en">
            The review of {reviewed} was recorded.
          </span>
        </p>
      ) : null}
      <nav aria-label="理由で絞り込む / Filter by reason">
        <ul className="chip-list">
          <li className="chip">
            <Link href="/stats/reviews" aria-current={reason === undefined ? 'page' : undefined}>
              すべて <span lang="en">All</span>
            </Link>
          </li>
          {REVIEW_REASONS.map((item) => (
            <li key={item} className="chip">
              <Link
                href={`/stats/reviews?reason=${item}`}
                aria-current={reason === item ? 'page' : undefined}
              >
                {REVIEW_REASON_LABELS[item].ja} <span lang="en">{REVIEW_REASON_LABELS[item].en}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!queue.ok ? (
        <ErrorState message={queue.error.message} retryHref="/stats/reviews" />
      ) : queue.data.items.length === 0 ? (
        <EmptyState>
          <p>
            レビュー待ちの相談はありません。 <span lang="en">No cases are waiting for review.</span>
          </p>
        </EmptyState>
      ) : (
        <section aria-labelledby="reviews-list-title" className="stack-sm">
          <h2 id="reviews-list-title" className="h-small">
            {queue.data.items.length}件{queue.data.more ? '(ほかにもあります)' : ''}{' '}
            <span lang="en">
              {queue.data.items.length} cases{queue.data.more ? ', more after these' : ''}
            </span>
          </h2>
          <ul className="review-list">
            {queue.data.items.map((item) => (
              <li key={item.caseId} className="panel review-item" data-testid="review-item">
                <h3 className="h-small">
                  <Link href={`/cases/${item.caseId}`} prefetch={false}>
                    受付番号 {item.receiptNumber}
                  </Link>
                </h3>
                <ul className="tag-list" aria-label="レビューの理由 / Why it is here">
                  {item.reasons.map((why) => (
                    <li key={why} className={`tag${why === 'emergency' ? ' tag--danger' : ''}`}>
                      {REVIEW_REASON_LABELS[why].ja} <span lang="en">{REVIEW_REASON_LABELS[why].en}</span>
                    </li>
                  ))}
                </ul>
                <dl className="review-item__facts small">
                  <div>
                    <dt>状態 / Status</dt>
                    <dd>
                      {CASE_STATUS_LABELS[item.status].ja}{' '}
                      <span lang="en">{CASE_STATUS_LABELS[item.status].en}</span>
                    </dd>
                  </div>
                  <div>
                    <dt>優先度 / Priority</dt>
                    <dd>
                      {URGENCY_LABELS[item.priority].ja}
                      {item.priority !== item.urgency ? ` (判定 ${URGENCY_LABELS[item.urgency].ja})` : ''}
                    </dd>
                  </div>
                  <div>
                    <dt>種類 / Category</dt>
                    <dd>
                      {item.categories.length > 0
                        ? item.categories.map((code) => categoryLabel(code).ja).join('・')
                        : '—'}
                    </dd>
                  </div>
                  <div>
                    <dt>担当 / Assignee</dt>
                    <dd>{item.assignee?.displayName ?? '担当者なし / none'}</dd>
                  </div>
                  <div>
                    <dt>受付 / Received</dt>
                    <dd>{formatDateTime(item.createdAt)}</dd>
                  </div>
                  <div>
                    <dt>終了 / Closed</dt>
                    <dd>{item.closedAt ? formatDateTime(item.closedAt) : '—'}</dd>
                  </div>
                </dl>
                <ReviewForm caseId={item.caseId} receiptNumber={item.receiptNumber} action={reviewCase} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
