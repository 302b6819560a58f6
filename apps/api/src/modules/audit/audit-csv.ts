import type { AuditLog } from '@madoguchi/db';
import { auditActionLabel, csvDateTime } from '@madoguchi/shared';
import { csvDocument, type CsvCell } from '../reports/csv';

export const AUDIT_CSV_HEADER = [
  '日時(日本時間)',
  '操作した人',
  '操作コード',
  '操作',
  '受付番号',
  '対象',
  'IPアドレス',
] as const;

/** 2026-01-02 09:05:07 in Japan time: the log is read to the second. */
function tokyoSeconds(at: Date): string {
  // Japan's offset is whole hours, so the seconds are the UTC ones.
  return `${csvDateTime(at)}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
}

/**
 * The audit log as one CSV table for Excel in Japan (UTF-8 with BOM, CRLF, via csvDocument, which also keeps
 * formula-like text such as an entity id `=cmd` as text). A closing note says so when the rows were cut off.
 */
export function buildAuditCsv(input: {
  rows: readonly AuditLog[];
  receipts: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
  truncated: boolean;
  maxRows: number;
}): Buffer {
  const lines: CsvCell[][] = [
    [...AUDIT_CSV_HEADER],
    ...input.rows.map((row) => [
      tokyoSeconds(row.at),
      row.actorId ? (input.names.get(row.actorId) ?? row.actorId) : 'システム',
      row.action,
      auditActionLabel(row.action).ja,
      row.caseId ? (input.receipts.get(row.caseId) ?? '') : '',
      row.entityId ? `${row.entity}:${row.entityId}` : row.entity,
      row.ip ?? '',
    ]),
  ];
  if (input.truncated) {
    lines.push([
      `(新しい順に${input.maxRows}件までで打ち切り。期間を区切って書き出してください / cut off at ${input.maxRows} rows)`,
    ]);
  }
  return csvDocument(lines);
}
