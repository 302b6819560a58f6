import { ZAuditPage, ZAuditQuery } from '../audit-api.schema';
import { route } from './route';

export const auditContract = {
  query: route({
    operationId: 'queryAuditLog',
    tag: 'audit',
    method: 'GET',
    path: '/audit',
    summary: 'The audit log, newest first, filtered; keyset pages via nextCursor',
    access: 'audit.read',
    query: ZAuditQuery,
    reply: ZAuditPage,
  }),
};
