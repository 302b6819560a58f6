import {
  ZBackoffIdParams,
  ZBackoffList,
  ZSecurityPolicy,
  ZUpdateSecurityPolicy,
} from '../security-api.schema';
import { route } from './route';

export const securityContract = {
  getPolicy: route({
    operationId: 'getSecurityPolicy',
    tag: 'security',
    method: 'GET',
    path: '/security/policy',
    summary: 'Which roles must use a second factor',
    access: 'security.manage',
    reply: ZSecurityPolicy,
  }),
  updatePolicy: route({
    operationId: 'updateSecurityPolicy',
    tag: 'security',
    method: 'PUT',
    path: '/security/policy',
    summary: 'Require or relax the second factor for counselors and supervisors (audited)',
    access: 'security.manage',
    body: ZUpdateSecurityPolicy,
    reply: ZSecurityPolicy,
  }),
  listBackoff: route({
    operationId: 'listBackoff',
    tag: 'security',
    method: 'GET',
    path: '/security/backoff',
    summary: 'Sign-in and status look-up back-off per (e-mail or receipt, address), last 24 h',
    access: 'security.manage',
    reply: ZBackoffList,
  }),
  clearBackoff: route({
    operationId: 'clearBackoff',
    tag: 'security',
    method: 'DELETE',
    path: '/security/backoff/:id',
    summary: 'Clear one back-off entry (audited)',
    access: 'security.manage',
    params: ZBackoffIdParams,
    reply: null,
    errors: ['not_found'],
  }),
};
