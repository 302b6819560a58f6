import { ZCaseIdParams } from '../case-api.schema';
import { ZCaseMergeRequest, ZCaseMerges } from '../case-merge-api.schema';
import { route } from './route';

/**
 * Merging duplicate cases. Any staff member who may work a case may merge it (cases.merge: every counselor
 * works every case, see CasesService), and undo it within the undo window.
 */
export const caseMergesContract = {
  get: route({
    operationId: 'getCaseMerges',
    tag: 'cases',
    method: 'GET',
    path: '/cases/:id/merges',
    summary:
      'The case this one was merged into, and the duplicates merged into it (with their identifiers and referrals)',
    access: 'cases.work',
    params: ZCaseIdParams,
    reply: ZCaseMerges,
    errors: ['not_found'],
  }),
  merge: route({
    operationId: 'mergeCase',
    tag: 'cases',
    method: 'POST',
    path: '/cases/:id/merge',
    summary:
      'Merge a duplicate into this case (the survivor): the duplicate is closed as merged, its timeline, ' +
      'identifiers and referrals show on the survivor, and its receipt number and access code open the ' +
      "survivor's conversation. Audited (case.merged); undone by POST /cases/:id/unmerge within the undo window.",
    access: 'cases.merge',
    params: ZCaseIdParams,
    body: ZCaseMergeRequest,
    reply: ZCaseMerges,
    status: 200,
    errors: ['not_found', 'conflict'],
  }),
  unmerge: route({
    operationId: 'unmergeCase',
    tag: 'cases',
    method: 'POST',
    path: '/cases/:id/unmerge',
    summary:
      'Undo the merge of this duplicate within the undo window (24 h by default): it is restored exactly as it ' +
      'was. Audited (case.unmerged).',
    access: 'cases.merge',
    params: ZCaseIdParams,
    reply: ZCaseMerges,
    status: 200,
    errors: ['not_found', 'conflict'],
  }),
};
