import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// One writer per table: each table is written (Prisma create/update/upsert/delete and their *Many
// forms, or raw INSERT/UPDATE/DELETE/MERGE/TRUNCATE) from exactly one file. Another module that
// needs a change calls that file's owner (a case's status: CaseWorkflowService). Outside the rule:
// migrations (SQL files), the seed, tests, the benchmark and scripts, the database's triggers, and the key
// re-encryption job (modules/keys), which changes how an encrypted column's value is stored, never what it is.

const ROOT = path.resolve(__dirname, '../../../..');
const SCANNED = ['apps/api/src', 'packages/db/src'];
const OUTSIDE_THE_RULE = [
  /\.(medium-)?spec\.ts$/,
  /^packages\/db\/src\/generated\//,
  /^packages\/db\/src\/seed\.ts$/,
];

const CASES = 'apps/api/src/modules/cases/cases.repository.ts';
const INTAKE = 'apps/api/src/modules/intake/intake.repository.ts';
const REFERRALS = 'apps/api/src/modules/referrals/referrals.repository.ts';
const AUTH = 'apps/api/src/modules/auth/auth.repository.ts';

/** Table → the one file that writes it. A table missing here has no writer in the application. */
const WRITERS: Record<string, string> = {
  cases: CASES,
  case_events: CASES,
  case_identifiers: CASES,
  case_links: CASES,
  identifiers: CASES,
  intakes: INTAKE,
  triage_results: INTAKE,
  idempotency_records: INTAKE,
  referrals: REFERRALS,
  referral_status_changes: REFERRALS,
  referral_links: 'apps/api/src/modules/referrals/partner-links.repository.ts',
  referral_link_uses: 'apps/api/src/modules/referrals/partner-links.repository.ts',
  users: AUTH,
  sessions: AUTH,
  retired_refresh_tokens: AUTH,
  referral_windows: 'apps/api/src/modules/windows/windows.repository.ts',
  evidence_files: 'apps/api/src/modules/evidence/evidence.repository.ts',
  evidence_derivatives: 'apps/api/src/modules/evidence/evidence.repository.ts',
  privacy_register: 'apps/api/src/modules/privacy/privacy.repository.ts',
  person_requests: 'apps/api/src/modules/privacy/person-requests/person-requests.repository.ts',
  data_keys: 'apps/api/src/common/crypto/data-keys.repository.ts',
  registry_entries: 'apps/api/src/modules/registry/registry.repository.ts',
  disclosures: 'apps/api/src/modules/reports/reports.repository.ts',
  desk_settings: 'apps/api/src/modules/desk/desk.repository.ts',
  message_templates: 'apps/api/src/modules/templates/templates.repository.ts',
  case_reviews: 'apps/api/src/modules/supervision/supervision.repository.ts',
  desk_identity: 'apps/api/src/modules/desk/desk.repository.ts',
  notifications: 'apps/api/src/modules/notifications/notifications.repository.ts',
  notification_preferences: 'apps/api/src/modules/notifications/notifications.repository.ts',
  mail_outbox: 'apps/api/src/modules/notifications/notifications.repository.ts',
  // Still services, not repositories (each the only writer of its table).
  audit_log: 'apps/api/src/modules/audit/audit.service.ts',
  auth_backoff: 'apps/api/src/modules/security/backoff.service.ts',
  security_policy: 'apps/api/src/modules/security/policy.service.ts',
  rate_limit_counters: 'apps/api/src/modules/security/pg-throttler.storage.ts',
  maintenance_sweeps: 'apps/api/src/modules/jobs/maintenance-sweeps.ts',
};

const WRITE_METHODS = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
]);

/** Prisma delegate (`case`, `caseEvent`) → table, from the schema's models and their @@map. */
function delegateTables(): Map<string, string> {
  const schema = readFileSync(path.join(ROOT, 'prisma/schema.prisma'), 'utf8');
  const tables = new Map<string, string>();
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? model!;
    tables.set(model!.charAt(0).toLowerCase() + model!.slice(1), table);
  }
  return tables;
}

const DELEGATES = delegateTables();
const TABLES = new Set(DELEGATES.values());
const NAME = String.raw`(?:"?\w+"?\.)?"?(\w+)"?`;
const SQL_WRITES = [
  new RegExp(String.raw`\binsert\s+into\s+${NAME}`, 'gi'),
  new RegExp(String.raw`\bupdate\s+(?:only\s+)?${NAME}\s+set\b`, 'gi'),
  new RegExp(String.raw`\bdelete\s+from\s+(?:only\s+)?${NAME}`, 'gi'),
  new RegExp(String.raw`\bmerge\s+into\s+${NAME}`, 'gi'),
  new RegExp(String.raw`\btruncate\s+(?:table\s+)?(?:only\s+)?${NAME}`, 'gi'),
];

/** The tables a source file writes: Prisma delegate calls (`tx.case.update(…)`) and SQL in string literals. */
function tablesWrittenBy(source: string): Set<string> {
  const written = new Set<string>();
  const file = ts.createSourceFile('scanned.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      WRITE_METHODS.has(node.expression.name.text) &&
      ts.isPropertyAccessExpression(node.expression.expression)
    ) {
      const table = DELEGATES.get(node.expression.expression.name.text);
      if (table) {
        written.add(table);
      }
    }
    const text = ts.isTemplateExpression(node)
      ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' $1 ')
      : ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)
        ? node.text
        : undefined;
    for (const pattern of text === undefined ? [] : SQL_WRITES) {
      for (const [, table] of text!.matchAll(pattern)) {
        if (TABLES.has(table!.toLowerCase())) {
          written.add(table!.toLowerCase());
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return written;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : sourceFiles(relative);
    }
    return /\.m?ts$/.test(entry.name) && !OUTSIDE_THE_RULE.some((pattern) => pattern.test(relative))
      ? [relative]
      : [];
  });
}

describe('table writers', () => {
  it('finds Prisma delegate writes and raw SQL writes, and nothing else', () => {
    const source = `
      // UPDATE cases SET status = 'closed' (a comment, not a write)
      createHash('sha256').update(token);
      this.repository.update(tx, id, change);
      tx.case.findUnique({ where: { id } });
      (tx ?? this.prisma.client).auditLog.create({ data });
      this.prisma.client
        .caseEvent
        .deleteMany({ where: { caseId } });
      tx.$executeRaw\`UPDATE "referrals" SET status = \${to} WHERE id = \${id}\`;
      db.$executeRaw\`WITH x AS (INSERT INTO identifiers (id) VALUES (\${id}) RETURNING id)
        DELETE FROM public.case_links WHERE id IN (SELECT id FROM x)\`;
      const error = 'Please delete from the list';
    `;
    expect([...tablesWrittenBy(source)].sort()).toEqual([
      'audit_log',
      'case_events',
      'case_links',
      'identifiers',
      'referrals',
    ]);
    expect([...tablesWrittenBy('tx.case.update({ where: { id }, data })')]).toEqual(['cases']);
  });

  it('has exactly one writer per table, the one listed', () => {
    const writers = new Map<string, string[]>();
    for (const file of SCANNED.flatMap(sourceFiles)) {
      for (const table of tablesWrittenBy(readFileSync(path.join(ROOT, file), 'utf8'))) {
        writers.set(table, [...(writers.get(table) ?? []), file]);
      }
    }
    expect(Object.fromEntries([...writers].sort(([a], [b]) => a.localeCompare(b)))).toEqual(
      Object.fromEntries(
        Object.entries(WRITERS)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([table, file]) => [table, [file]]),
      ),
    );
  });
});
