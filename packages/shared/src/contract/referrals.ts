import { z } from 'zod';

import {
  ZCreateReferral,
  ZFollowUpsQuery,
  ZReferral,
  ZReferralCaseParams,
  ZReferralFollowUp,
  ZReferralIdParams,
  ZReferralStatusRequest,
  ZUpdateReferral,
} from '../referral-api.schema';
import { route } from './route';

/** Referrals of a case to outside windows, and the follow-up loop. */
export const referralsContract = {
  create: route({
    operationId: 'createReferral',
    tag: 'referrals',
    method: 'POST',
    path: '/cases/:caseId/referrals',
    summary: 'Draft a referral of the case to a window, with the consent given for it',
    description:
      'A window whose eligibility excludes the person answers 409 eligibility_warning with the warnings, ' +
      'until the request sets acknowledgeWarnings.',
    access: 'cases.work',
    params: ZReferralCaseParams,
    body: ZCreateReferral,
    reply: ZReferral,
    errors: ['not_found', 'conflict', 'bad_request'],
  }),
  listForCase: route({
    operationId: 'listCaseReferrals',
    tag: 'referrals',
    method: 'GET',
    path: '/cases/:caseId/referrals',
    summary: "The case's referrals with their history, newest first",
    access: 'cases.work',
    params: ZReferralCaseParams,
    reply: z.array(ZReferral),
    errors: ['not_found'],
  }),
  followUps: route({
    operationId: 'listReferralFollowUps',
    tag: 'referrals',
    method: 'GET',
    path: '/referrals/follow-ups',
    summary: 'Referrals whose follow-up is due (sent, acknowledged, no response), oldest first',
    access: 'cases.work',
    query: ZFollowUpsQuery,
    reply: z.array(ZReferralFollowUp),
  }),
  get: route({
    operationId: 'getReferral',
    tag: 'referrals',
    method: 'GET',
    path: '/referrals/:id',
    summary: 'One referral with its status history',
    access: 'cases.work',
    params: ZReferralIdParams,
    reply: ZReferral,
    errors: ['not_found'],
  }),
  changeStatus: route({
    operationId: 'changeReferralStatus',
    tag: 'referrals',
    method: 'POST',
    path: '/referrals/:id/status',
    summary: 'Move the referral along its loop; sending moves the case to referred',
    access: 'cases.work',
    params: ZReferralIdParams,
    body: ZReferralStatusRequest,
    reply: ZReferral,
    status: 200,
    errors: ['not_found', 'conflict', 'bad_request'],
  }),
  update: route({
    operationId: 'updateReferral',
    tag: 'referrals',
    method: 'PATCH',
    path: '/referrals/:id',
    summary: 'Edit reason, method, follow-up date or outcome note (needs the version read)',
    access: 'cases.work',
    params: ZReferralIdParams,
    body: ZUpdateReferral,
    reply: ZReferral,
    errors: ['not_found', 'conflict'],
  }),
};
