// The API and its contract (packages/shared/src/contract) cannot drift apart: every mounted route comes
// from one contract entry and every entry is mounted; a handler's body, query and params DTOs are the
// contract's schemas; the OpenAPI document describes every operation's reply; and a reply that does not
// match its contract fails the request (so every e2e suite checks the replies it sees).
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { contract, isFileReply, successStatus, type TRoute } from '@madoguchi/shared';
import { routeTable, type RouteInfo } from '../src/common/route-table';
import { HealthService } from '../src/modules/health/health.service';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let routes: RouteInfo[];

beforeAll(async () => {
  t = await createTestApp();
  routes = routeTable(t.app);
});
afterAll(async () => {
  await t.close();
});

const entries: TRoute[] = Object.values(contract).flatMap((area) => Object.values(area) as TRoute[]);
const key = (method: string, path: string) => `${method} ${path}`;

describe('the contract', () => {
  it('gives every mounted route, and every route is mounted from exactly one entry', () => {
    const unmounted = routes.filter((r) => !r.contract).map((r) => key(r.method, r.path));
    expect(unmounted).toEqual([]);
    const mounted = routes.map((r) => key(r.method, r.path));
    expect(mounted.sort()).toEqual(entries.map((e) => key(e.method, `/api/v1${e.path}`)).sort());
    for (const r of routes) {
      expect(key(r.method, r.path)).toBe(key(r.contract!.method, `/api/v1${r.contract!.path}`));
    }
  });

  it('has unique operationIds usable as method names', () => {
    const ids = entries.map((e) => e.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
  });

  it("validates each handler's body, query and params with the contract's own schemas", () => {
    const kinds = [
      [RouteParamtypes.BODY, 'body'],
      [RouteParamtypes.QUERY, 'query'],
      [RouteParamtypes.PARAM, 'params'],
    ] as const;
    const problems: string[] = [];
    for (const r of routes.filter((route) => route.contract)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, r.controller, r.handlerName) ?? {}) as Record<
        string,
        { index: number; data?: unknown }
      >;
      const types = (Reflect.getMetadata('design:paramtypes', r.controller.prototype, r.handlerName) ??
        []) as { schema?: unknown }[];
      for (const [paramtype, part] of kinds) {
        const arg = Object.entries(args).find(
          ([k, v]) => k.startsWith(`${paramtype}:`) && v.data === undefined,
        );
        const declared = r.contract![part];
        if (!arg) {
          if (declared) {
            problems.push(`${r.contract!.operationId}: the contract has a ${part} the handler never reads`);
          }
          continue;
        }
        const dtoSchema = types[arg[1].index]?.schema;
        if (dtoSchema !== declared) {
          problems.push(`${r.contract!.operationId}: the handler's ${part} DTO is not the contract's schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  type TOperation = {
    operationId?: string;
    summary?: string;
    security?: unknown[];
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  };
  let paths: Record<string, Record<string, TOperation>>;

  beforeAll(async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.servers?.length).toBeGreaterThan(0);
    paths = doc.body.paths;
  });

  it('describes every operation: operationId, summary, security and the reply of its success status', () => {
    const problems: string[] = [];
    for (const e of entries) {
      const op = paths[`/api/v1${e.path.replace(/:(\w+)/g, '{$1}')}`]?.[e.method.toLowerCase()];
      if (!op) {
        problems.push(`${e.operationId}: missing`);
        continue;
      }
      if (op.operationId !== e.operationId || !op.summary) {
        problems.push(`${e.operationId}: operationId ${op.operationId}, summary ${op.summary}`);
      }
      const expectedSecurity = e.access === 'public' ? [] : [{ bearer: [] }];
      if (JSON.stringify(op.security) !== JSON.stringify(expectedSecurity)) {
        problems.push(`${e.operationId}: security ${JSON.stringify(op.security)}`);
      }
      const success = op.responses[String(successStatus(e))];
      if (!success) {
        problems.push(`${e.operationId}: no ${successStatus(e)} response`);
      } else if (e.reply !== null) {
        const types = isFileReply(e.reply) ? e.reply.file : ['application/json'];
        for (const type of types) {
          if (!success.content?.[type]?.schema) {
            problems.push(`${e.operationId}: no ${type} schema for ${successStatus(e)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('a reply that breaks its contract', () => {
  it('fails the request instead of reaching a client', async () => {
    const health = t.app.get(HealthService);
    const spy = jest
      .spyOn(health, 'live')
      .mockReturnValue({ status: 'ok', uptime: 12 } as unknown as ReturnType<HealthService['live']>);
    try {
      const res = await t.http.get('/api/v1/health/live').expect(500);
      expect(res.body.code).toBe('internal');
    } finally {
      spy.mockRestore();
    }
    await t.http.get('/api/v1/health/live').expect(200, { status: 'ok' });
  });
});
