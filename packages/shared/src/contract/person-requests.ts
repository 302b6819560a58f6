import { ZCaseIdParams } from '../case-api.schema';
import { ZIntakeStatus } from '../intake-api.schema';
import {
  ZPersonDataExportRequest,
  ZPersonRequest,
  ZPersonRequestCreate,
  ZPersonRequestDecision,
  ZPersonRequestList,
  ZPersonRequestListQuery,
  ZPersonRequestParams,
} from '../person-requests-api.schema';
import { route } from './route';

const PAIR =
  'The receipt number and access code are checked like the status look-up (same back-off, same reply for a ' +
  'wrong pair).';

/** Requests from the person (開示・訂正・利用停止): made on the status page, decided by the desk. */
export const personRequestsContract = {
  exportData: route({
    operationId: 'exportPersonData',
    tag: 'person-requests',
    method: 'POST',
    path: '/intakes/status/export',
    summary:
      "Receipt number + access code → the person's own data (what they submitted, the conversation, their files' names and fingerprints, their requests) as JSON or PDF; audited",
    description:
      `${PAIR} Never a counselor's note, contact log, summary or any field only staff see: those leave only ` +
      'through a disclosure a counselor reviews. The audit row holds the format and the file\u2019s SHA-256, never a value.',
    access: 'public',
    body: ZPersonDataExportRequest,
    reply: { file: ['application/json', 'application/pdf'] },
    status: 200,
    errors: ['not_found', 'rate_limited'],
  }),
  create: route({
    operationId: 'createPersonRequest',
    tag: 'person-requests',
    method: 'POST',
    path: '/intakes/status/requests',
    summary:
      'Receipt number + access code → the person asks for a correction (text required) or for deletion (利用停止・削除); returns the updated status',
    description:
      `${PAIR} The desk decides by the due date (PERSON_REQUEST_DUE_DAYS after receipt). A second deletion ` +
      'request while one waits, or after the data was deleted, answers 409 (details.reason ' +
      'person_request_pending or person_data_deleted).',
    access: 'public',
    body: ZPersonRequestCreate,
    reply: ZIntakeStatus,
    status: 201,
    errors: ['not_found', 'conflict', 'rate_limited'],
  }),
  listForCase: route({
    operationId: 'listCasePersonRequests',
    tag: 'person-requests',
    method: 'GET',
    path: '/cases/:id/person-requests',
    summary: "A case's requests from the person, newest first, with due dates (a view of the case; audited)",
    access: 'cases.work',
    params: ZCaseIdParams,
    reply: ZPersonRequestList,
    errors: ['not_found'],
  }),
  list: route({
    operationId: 'listPersonRequests',
    tag: 'person-requests',
    method: 'GET',
    path: '/person-requests',
    summary:
      'Requests from persons across cases, by status (default: still waiting), oldest due first, with the overdue count',
    access: 'cases.supervise',
    query: ZPersonRequestListQuery,
    reply: ZPersonRequestList,
  }),
  decide: route({
    operationId: 'decidePersonRequest',
    tag: 'person-requests',
    method: 'POST',
    path: '/person-requests/:id/decision',
    summary:
      'Complete or refuse a request: refusing needs a reason (shown to the person); completing a correction needs what was changed (a case event); completing a deletion shreds the case\u2019s personal data',
    description:
      'A decided request answers 409 (details.reason person_request_decided); a deletion of a case on legal ' +
      'hold answers 409 from the shredder and the request stays waiting. Audited without any text.',
    access: 'cases.work',
    params: ZPersonRequestParams,
    body: ZPersonRequestDecision,
    reply: ZPersonRequest,
    status: 200,
    errors: ['not_found', 'conflict'],
  }),
};
