import type { AuditLog } from '@madoguchi/db';
import { buildAuditCsv } from './audit-csv';

const row = (action: string): AuditLog => ({
  id: 1n,
  at: new Date('2026-03-31T15:00:09Z'),
  actorId: null,
  actorRole: null,
  action,
  entity: 'case',
  entityId: null,
  caseId: null,
  ip: null,
  requestId: null,
  meta: {},
});

const linesOf = (file: Buffer) => file.toString('utf8').slice(1).split('\r\n');

describe('buildAuditCsv', () => {
  it('writes Japan time to the second, the system for rows without a person, and a code without a label as itself', () => {
    const lines = linesOf(
      buildAuditCsv({
        rows: [row('legacy.thing')],
        receipts: new Map(),
        names: new Map(),
        truncated: false,
        maxRows: 10,
      }),
    );
    expect(lines[1]).toBe('2026-04-01 00:00:09,システム,legacy.thing,legacy.thing,,case,');
    expect(lines).toHaveLength(3);
  });

  it('says so in a last line when the rows were cut off', () => {
    const lines = linesOf(
      buildAuditCsv({
        rows: [row('case.read')],
        receipts: new Map(),
        names: new Map(),
        truncated: true,
        maxRows: 1,
      }),
    );
    expect(lines.at(-2)).toMatch(/^\(新しい順に1件までで打ち切り。.*cut off at 1 rows\)$/);
  });
});
