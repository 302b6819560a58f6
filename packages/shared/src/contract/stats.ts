import { ZMonthlyReportQuery, ZStatsQuery, ZStatsReport } from '../stats-api.schema';
import { route } from './route';

export const statsContract = {
  report: route({
    operationId: 'getStats',
    tag: 'stats',
    method: 'GET',
    path: '/stats',
    summary: 'Statistics for a period (Asia/Tokyo days, `to` included, at most 400 days)',
    access: 'reports.read',
    query: ZStatsQuery,
    reply: ZStatsReport,
  }),
  monthlyPdf: route({
    operationId: 'getMonthlyReportPdf',
    tag: 'stats',
    method: 'GET',
    path: '/stats/monthly.pdf',
    summary: 'The monthly report as PDF, with bar charts',
    access: 'reports.read',
    query: ZMonthlyReportQuery,
    reply: { file: ['application/pdf'] },
  }),
  csv: route({
    operationId: 'getStatsCsv',
    tag: 'stats',
    method: 'GET',
    path: '/stats.csv',
    summary: 'The statistics as CSV for Excel (UTF-8 with BOM, CRLF, Japanese section headers)',
    access: 'reports.read',
    query: ZStatsQuery,
    reply: { file: ['text/csv'] },
  }),
};
