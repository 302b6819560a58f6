import { ZCaseIdParams } from '../case-api.schema';
import { ZCaseRetention, ZSetRetention } from '../retention';
import { route } from './route';

/** A case's retention class and legal hold (issue 17 item 2); the shredding itself is the retention.shred job's. */
export const retentionContract = {
  get: route({
    operationId: 'getCaseRetention',
    tag: 'retention',
    method: 'GET',
    path: '/cases/:id/retention',
    summary: "A case's retention class, its legal hold (reason, when, by whom) and when it was shredded",
    access: 'cases.work',
    params: ZCaseIdParams,
    reply: ZCaseRetention,
  }),
  set: route({
    operationId: 'setCaseRetention',
    tag: 'retention',
    method: 'PUT',
    path: '/cases/:id/retention',
    summary:
      "Sets a case's retention class: standard, short, or legal_hold with a reason (never shredded until released); audited without the reason",
    access: 'cases.retention',
    params: ZCaseIdParams,
    body: ZSetRetention,
    reply: ZCaseRetention,
    errors: ['not_found', 'conflict'],
  }),
};
