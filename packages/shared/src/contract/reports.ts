import { ZCaseIdParams } from '../case-api.schema';
import { ZReferralRegisterQuery, ZReportReferralParams } from '../stats-api.schema';
import { route } from './route';

export const reportsContract = {
  referralLetter: route({
    operationId: 'getReferralLetterPdf',
    tag: 'reports',
    method: 'GET',
    path: '/referrals/:id/report.pdf',
    summary:
      'The referral letter (紹介状) as PDF, with only what the consent allows; recorded as a disclosure',
    access: 'cases.work',
    params: ZReportReferralParams,
    reply: { file: ['application/pdf'] },
    errors: ['not_found'],
  }),
  clientCopy: route({
    operationId: 'getClientCopyPdf',
    tag: 'reports',
    method: 'GET',
    path: '/referrals/:id/client-copy.pdf',
    summary: "The person's copy as PDF: the windows' contacts and hours, and the advice",
    access: 'cases.work',
    params: ZReportReferralParams,
    reply: { file: ['application/pdf'] },
    errors: ['not_found'],
  }),
  caseExport: route({
    operationId: 'getCaseExportPdf',
    tag: 'reports',
    method: 'GET',
    path: '/cases/:id/export.pdf',
    summary:
      'The whole case as PDF for supervision or the file: summary, what the person wrote, triage, identifiers, notes, calls, messages, referrals and the timeline (audited as an export)',
    access: 'cases.work',
    params: ZCaseIdParams,
    reply: { file: ['application/pdf'] },
    errors: ['not_found'],
  }),
  referralRegister: route({
    operationId: 'getReferralRegisterCsv',
    tag: 'reports',
    method: 'GET',
    path: '/referrals.csv',
    summary: 'Referral register: every referral created in the period (CSV, UTF-8 with BOM)',
    access: 'reports.read',
    query: ZReferralRegisterQuery,
    reply: { file: ['text/csv'] },
  }),
};
