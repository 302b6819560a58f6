import {
  ZCaseBulkReply,
  ZCaseBulkRequest,
  ZCaseReview,
  ZCaseReviewCreate,
  ZCaseReviewParams,
  ZReviewQueue,
  ZReviewQueueQuery,
  ZWorkload,
} from '../supervision-api.schema';
import { route } from './route';

/** Working many cases at once, and the supervisors' view over everyone's cases. */
export const supervisionContract = {
  bulk: route({
    operationId: 'bulkCases',
    tag: 'cases',
    method: 'POST',
    path: '/cases/bulk',
    summary:
      'Assign, change the status of, or tag up to 100 cases at once: each case goes through the single ' +
      "action's own rules and audit; the reply says per case whether it was applied or refused, and why",
    access: 'cases.work',
    body: ZCaseBulkRequest,
    reply: ZCaseBulkReply,
    status: 200,
  }),
  workload: route({
    operationId: 'getWorkload',
    tag: 'supervision',
    method: 'GET',
    path: '/supervision/workload',
    summary: 'Open cases per assignee, by urgency and by age, and their overdue follow-ups',
    access: 'cases.supervise',
    reply: ZWorkload,
  }),
  reviews: route({
    operationId: 'listReviewQueue',
    tag: 'supervision',
    method: 'GET',
    path: '/supervision/reviews',
    summary:
      'Cases for a supervisor to review: emergencies, closed without a referral, triage overridden, and a ' +
      "stable sample of each counselor's closed cases (last 30 days), until reviewed",
    access: 'cases.supervise',
    query: ZReviewQueueQuery,
    reply: ZReviewQueue,
  }),
  review: route({
    operationId: 'reviewCase',
    tag: 'supervision',
    method: 'POST',
    path: '/supervision/reviews/:caseId',
    summary: "Record a supervisor's review of a case (agree, or a concern with a comment); once per case",
    access: 'cases.supervise',
    params: ZCaseReviewParams,
    body: ZCaseReviewCreate,
    reply: ZCaseReview,
    errors: ['not_found', 'conflict'],
  }),
};
