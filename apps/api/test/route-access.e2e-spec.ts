// Walks the whole route table: every route must carry an @Access rule that matches the explicit
// matrix below, and calling it as anonymous / counselor / supervisor / admin must be let through
// or refused accordingly. A route added without a rule, or without a line here, fails this test.
import { randomUUID } from 'node:crypto';
import { createDbClient, type DbClient, type Role } from '@madoguchi/db';
import { type Audience } from '../src/common/decorators/access.decorator';
import { routeTable as routesOf } from '../src/common/route-table';
import { newToken, tokenHash } from '../src/modules/auth/tokens';
import { createStaff } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

const PUBLIC = 'public';
const STAFF = 'staff'; // counselor, supervisor, admin
const SUPERVISORS = 'supervisors'; // supervisor, admin
const ADMIN = 'admin';
type Rule = typeof PUBLIC | typeof STAFF | typeof SUPERVISORS | typeof ADMIN | Role[];

const MATRIX: Record<string, Rule> = {
  'GET /api/v1/health/live': PUBLIC,
  'GET /api/v1/health/ready': PUBLIC,
  'GET /api/v1/windows': PUBLIC,
  'GET /api/v1/windows/:slug': PUBLIC,
  'PATCH /api/v1/windows/:slug': ADMIN,
  'POST /api/v1/intakes': PUBLIC,
  'POST /api/v1/intakes/status': PUBLIC,
  'POST /api/v1/intakes/status/replies': PUBLIC,
  'POST /api/v1/intakes/evidence': PUBLIC,
  'POST /api/v1/intakes/status/export': PUBLIC,
  'POST /api/v1/intakes/status/requests': PUBLIC,
  'POST /api/v1/triage/preview': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/login/totp': PUBLIC,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/logout': STAFF,
  'GET /api/v1/auth/me': STAFF,
  'POST /api/v1/auth/password': STAFF,
  'POST /api/v1/auth/totp/enrol': STAFF,
  'POST /api/v1/auth/totp/confirm': STAFF,
  'POST /api/v1/auth/totp/disable': ['counselor', 'supervisor'],
  'POST /api/v1/auth/recovery-codes': STAFF,
  'GET /api/v1/users': ADMIN,
  'GET /api/v1/users/directory': STAFF,
  'POST /api/v1/users': ADMIN,
  'PATCH /api/v1/users/:id': ADMIN,
  'POST /api/v1/users/:id/deactivate': ADMIN,
  'POST /api/v1/users/:id/activate': ADMIN,
  'POST /api/v1/users/:id/reset-password': ADMIN,
  'POST /api/v1/users/:id/enrolment-code': ADMIN,
  'GET /api/v1/security/policy': ADMIN,
  'GET /api/v1/desk/settings': STAFF,
  'PUT /api/v1/desk/settings': ADMIN,
  'GET /api/v1/desk/identity': ADMIN,
  'PUT /api/v1/desk/identity': ADMIN,
  'PUT /api/v1/security/policy': ADMIN,
  'GET /api/v1/security/backoff': ADMIN,
  'GET /api/v1/jobs/health': ADMIN,
  'GET /api/v1/notifications': STAFF,
  'POST /api/v1/notifications/:id/read': STAFF,
  'POST /api/v1/notifications/read-all': STAFF,
  'GET /api/v1/notifications/preferences': STAFF,
  'PUT /api/v1/notifications/preferences': STAFF,
  'GET /api/v1/admin/mail-outbox': ADMIN,
  'DELETE /api/v1/security/backoff/:id': ADMIN,
  'GET /api/v1/privacy/register': ADMIN,
  'GET /api/v1/privacy/register.csv': ADMIN,
  'PUT /api/v1/privacy/register': ADMIN,
  'GET /api/v1/privacy/disclosures/:receiptNumber': STAFF,
  'GET /api/v1/privacy/disclosures/:receiptNumber/record.csv': STAFF,
  'GET /api/v1/privacy/disclosures/:receiptNumber/record.pdf': STAFF,
  'GET /api/v1/privacy/exposure': ADMIN,
  'GET /api/v1/cases/:id/person-requests': STAFF,
  'GET /api/v1/person-requests': SUPERVISORS,
  'POST /api/v1/person-requests/:id/decision': STAFF,
  'GET /api/v1/audit': SUPERVISORS,
  'GET /api/v1/audit.csv': SUPERVISORS,
  'GET /api/v1/cases': STAFF,
  'GET /api/v1/cases/counts': STAFF,
  'POST /api/v1/cases/search': STAFF,
  'POST /api/v1/cases/bulk': STAFF,
  'POST /api/v1/cases': STAFF,
  'GET /api/v1/cases/:id': STAFF,
  'PATCH /api/v1/cases/:id': STAFF,
  'POST /api/v1/cases/:id/status': STAFF,
  'PUT /api/v1/cases/:id/categories': STAFF,
  'GET /api/v1/cases/:id/timeline': STAFF,
  'POST /api/v1/cases/:id/evidence': STAFF,
  'GET /api/v1/cases/:id/evidence': STAFF,
  'GET /api/v1/cases/:id/evidence/:fileId/content': STAFF,
  'GET /api/v1/cases/:id/evidence/:fileId/preview/:kind': STAFF,
  'DELETE /api/v1/cases/:id/evidence/:fileId': ADMIN,
  'GET /api/v1/cases/:id/retention': STAFF,
  'PUT /api/v1/cases/:id/retention': SUPERVISORS,
  'POST /api/v1/cases/:id/notes': STAFF,
  'POST /api/v1/cases/:id/contacts': STAFF,
  'POST /api/v1/cases/:id/messages': STAFF,
  'POST /api/v1/cases/:id/identifiers': STAFF,
  'DELETE /api/v1/cases/:id/identifiers/:identifierId': STAFF,
  'POST /api/v1/cases/:id/links': STAFF,
  'DELETE /api/v1/cases/:id/links/:linkedCaseId': STAFF,
  // cases.merge: whoever may edit both cases, i.e. every staff member (counselors work any case).
  'GET /api/v1/cases/:id/merges': STAFF,
  'POST /api/v1/cases/:id/merge': STAFF,
  'POST /api/v1/cases/:id/unmerge': STAFF,
  'POST /api/v1/cases/:caseId/referrals': STAFF,
  'GET /api/v1/cases/:caseId/referrals': STAFF,
  'GET /api/v1/referrals/follow-ups': STAFF,
  'GET /api/v1/referrals/:id': STAFF,
  'POST /api/v1/referrals/:id/status': STAFF,
  'PATCH /api/v1/referrals/:id': STAFF,
  'GET /api/v1/cases/:id/export.pdf': STAFF,
  'GET /api/v1/referrals/:id/report.pdf': STAFF,
  'GET /api/v1/referrals/:id/client-copy.pdf': STAFF,
  'GET /api/v1/referrals.csv': SUPERVISORS,
  'POST /api/v1/referrals/:id/link/revoke': STAFF,
  'POST /api/v1/referrals/:id/link/reissue': STAFF,
  'POST /api/v1/referrals/:id/link/email': STAFF,
  'GET /api/v1/partner-links/:token': PUBLIC,
  'GET /api/v1/partner-links/:token/evidence/:fileId': PUBLIC,
  'POST /api/v1/partner-links/:token/acknowledge': PUBLIC,
  'POST /api/v1/partner-links/:token/complete': PUBLIC,
  'POST /api/v1/partner-links/:token/decline': PUBLIC,
  'GET /api/v1/stats': SUPERVISORS,
  'GET /api/v1/stats/monthly.pdf': SUPERVISORS,
  'GET /api/v1/stats.csv': SUPERVISORS,
  'GET /api/v1/supervision/workload': SUPERVISORS,
  'GET /api/v1/supervision/reviews': SUPERVISORS,
  'POST /api/v1/supervision/reviews/:caseId': SUPERVISORS,
  'GET /api/v1/templates': STAFF,
  'GET /api/v1/templates/:id': ADMIN,
  'POST /api/v1/templates': ADMIN,
  'PATCH /api/v1/templates/:id': ADMIN,
  'GET /api/v1/templates/:id/fill': STAFF,
  'GET /api/v1/registry': STAFF,
  'POST /api/v1/registry': ADMIN,
  'POST /api/v1/registry/import': ADMIN,
  'PATCH /api/v1/registry/:id': ADMIN,
  'DELETE /api/v1/registry/:id': ADMIN,
};

const ROLE_SETS: Record<Exclude<Rule, Role[]>, Audience[]> = {
  public: ['public'],
  staff: ['counselor', 'supervisor', 'admin'],
  supervisors: ['supervisor', 'admin'],
  admin: ['admin'],
};
const audiencesOf = (rule: Rule): Audience[] => (Array.isArray(rule) ? rule : ROLE_SETS[rule]);

const routeTable = (t: TestApp) => routesOf(t.app);

let t: TestApp;
let db: DbClient;
const users: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_INTAKE_PER_MINUTE: '10000',
    RATE_LIMIT_STATUS_PER_MINUTE: '10000',
    RATE_LIMIT_PREVIEW_PER_MINUTE: '10000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  for (const role of ['counselor', 'supervisor', 'admin'] as const) {
    users[role] = (await createStaff(role, { totpSecret: 'JBSWY3DPEHPK3PXP' })).id;
  }
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** A fresh session per call, straight in the database: some calls (logout) end their own session. */
async function bearerFor(role: Role): Promise<string> {
  const token = newToken();
  await db.session.create({
    data: {
      userId: users[role]!,
      accessTokenHash: tokenHash(token),
      refreshTokenHash: tokenHash(newToken()),
      accessExpiresAt: new Date(Date.now() + 600_000),
      refreshExpiresAt: new Date(Date.now() + 600_000),
    },
  });
  return `Bearer ${token}`;
}

function concretePath(path: string): string {
  return path.replace(/:slug/g, 'childline').replace(/:(\w+)/g, () => randomUUID());
}

describe('route access matrix', () => {
  it('every route has an @Access rule and a line in the matrix, and they agree', () => {
    const routes = routeTable(t);
    const seen = routes.map((r) => `${r.method} ${r.path}`);
    expect(routes.filter((r) => !r.audiences).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(seen.filter((key) => !(key in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !seen.includes(key))).toEqual([]);
    for (const route of routes) {
      expect({
        route: `${route.method} ${route.path}`,
        audiences: [...(route.audiences ?? [])].sort(),
      }).toEqual({
        route: `${route.method} ${route.path}`,
        audiences: [...audiencesOf(MATRIX[`${route.method} ${route.path}`]!)].sort(),
      });
    }
  });

  it('lets each caller through or refuses them as the matrix says', async () => {
    const failures: string[] = [];
    for (const route of routeTable(t)) {
      const allowed = audiencesOf(MATRIX[`${route.method} ${route.path}`] ?? []);
      for (const caller of ['anonymous', 'counselor', 'supervisor', 'admin'] as const) {
        const request = t.http[route.method.toLowerCase() as 'get'](concretePath(route.path));
        if (caller !== 'anonymous') {
          request.set('authorization', await bearerFor(caller));
        }
        const res =
          route.method === 'GET' || route.method === 'DELETE' ? await request : await request.send({});
        const mayCall = allowed.includes('public') || (caller !== 'anonymous' && allowed.includes(caller));
        const refused = res.status === 401 || res.status === 403;
        const expected = caller === 'anonymous' ? 401 : 403;
        if (mayCall && refused) {
          failures.push(`${caller} was refused ${route.method} ${route.path} (${res.status})`);
        }
        if (!mayCall && res.status !== expected) {
          failures.push(
            `${caller} got ${res.status} instead of ${expected} on ${route.method} ${route.path}`,
          );
        }
        if (res.status >= 500) {
          failures.push(`${caller} caused ${res.status} on ${route.method} ${route.path}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

// What a route shows can depend on the role too (the shared policy, asked by the service): the same matrix
// style for those variants, so a service's own check is covered like a route's.
describe('role-dependent variants of public routes', () => {
  const VARIANTS: { request: string; rule: Rule; why: string }[] = [
    {
      request: 'GET /api/v1/windows?includeInactive=true',
      rule: ADMIN,
      why: 'windows.manage: deactivated windows are listed for those who edit the directory',
    },
  ];

  it.each(VARIANTS)('$request is for $rule ($why)', async ({ request: line, rule }) => {
    const [method, path] = line.split(' ') as [string, string];
    const allowed = audiencesOf(rule);
    for (const caller of ['anonymous', 'counselor', 'supervisor', 'admin'] as const) {
      const request = t.http[method.toLowerCase() as 'get'](path);
      if (caller !== 'anonymous') {
        request.set('authorization', await bearerFor(caller));
      }
      const res = await request;
      const mayCall = caller !== 'anonymous' && allowed.includes(caller);
      expect({ caller, status: res.status }).toEqual({ caller, status: mayCall ? 200 : 403 });
    }
  });

  it('an inactive window is found only by those who may edit it', async () => {
    await db.referralWindow.update({ where: { slug: 'childline' }, data: { active: false } });
    try {
      for (const caller of ['anonymous', 'counselor', 'supervisor', 'admin'] as const) {
        const request = t.http.get('/api/v1/windows/childline');
        if (caller !== 'anonymous') {
          request.set('authorization', await bearerFor(caller));
        }
        const res = await request;
        expect({ caller, status: res.status }).toEqual({ caller, status: caller === 'admin' ? 200 : 404 });
      }
    } finally {
      await db.referralWindow.update({ where: { slug: 'childline' }, data: { active: true } });
    }
  });
});
