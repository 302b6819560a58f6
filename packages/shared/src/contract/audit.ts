import { ZAuditExportQuery, ZAuditPage, ZAuditQuery } from '../audit-api.schema';
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
  exportCsv: route({
    operationId: 'exportAuditLogCsv',
    tag: 'audit',
    method: 'GET',
    path: '/audit.csv',
    summary:
      'The filtered audit log as CSV for Excel (UTF-8 with BOM, Tokyo time, readable action labels), newest ' +
      'first, at most AUDIT_EXPORT_MAX_ROWS rows; the export is itself recorded',
    access: 'audit.read',
    query: ZAuditExportQuery,
    reply: { file: ['text/csv'] },
  }),
};
