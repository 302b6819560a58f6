import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TCaseCreated, TCaseCreateInput, TCaseDetail, TIntakeInput } from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { openStoredIntake } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

// Nothing in the words says who is writing: only the caller block tells a parent from the child.
const BULLYING = 'クラスのLINEグループで悪口を書かれて、写真もさらされています。';
const slugs = (triage: { recommendations: { windowSlug: string }[] }) =>
  triage.recommendations.map((r) => r.windowSlug);

async function detail(receiptNumber: string): Promise<TCaseDetail> {
  const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
  const res = await t.http.get(`/api/v1/cases/${id}`).set(counselor.headers).expect(200);
  return res.body as TCaseDetail;
}

describe('intake with a caller who is not the affected person', () => {
  it('a parent about a 12-year-old: guardian lines, no Childline; both blocks kept and shown to staff', async () => {
    const body = {
      description: BULLYING,
      caller: { relation: 'guardian' },
      person: { age: 12, prefecture: '13' },
      contact: { preferred: 'email', name: '山田', email: 'parent@example.jp' },
    } satisfies TIntakeInput;
    const res = await t.http.post('/api/v1/intakes').send(body).expect(201);
    expect(slugs(res.body.triage)).toEqual(expect.arrayContaining(['child-sos-24', 'kodomo-jinken']));
    expect(slugs(res.body.triage)).not.toContain('childline');
    expect(res.body.triage.lifeStage).toMatchObject({ writer: 'adult', childAffected: true });

    const stored = await db.case.findUniqueOrThrow({
      where: { receiptNumber: res.body.receiptNumber },
      include: { intake: true },
    });
    expect(stored).toMatchObject({ callerRelation: 'guardian', personAge: 12, prefecture: '13' });
    expect((await openStoredIntake(t, stored.intake!)).raw).toMatchObject({
      caller: { relation: 'guardian' },
    });

    const view = await detail(res.body.receiptNumber);
    expect(view).toMatchObject({ callerRelation: 'guardian', personAge: 12 });
    expect(view.intake?.contact).toMatchObject({ name: '山田' });
  });

  it('without the blocks nothing changes: the age is the writer’s own and a child gets Childline', async () => {
    const res = await t.http
      .post('/api/v1/intakes')
      .send({ description: BULLYING, person: { age: 12 } } satisfies TIntakeInput)
      .expect(201);
    expect(slugs(res.body.triage)).toContain('childline');
    expect(res.body.triage.lifeStage).toMatchObject({ writer: 'child' });
    const view = await detail(res.body.receiptNumber);
    expect(view.callerRelation).toBeNull();
  });

  it('a counselor records a teacher calling about a pupil by phone', async () => {
    const body = {
      description: BULLYING,
      caller: { relation: 'teacher' },
      person: { age: 10 },
    } satisfies TCaseCreateInput;
    const res = await t.http.post('/api/v1/cases').set(counselor.headers).send(body).expect(201);
    const created = res.body as TCaseCreated;
    const view = await detail(created.receiptNumber);
    expect(view).toMatchObject({ callerRelation: 'teacher', personAge: 10, channel: 'phone' });
    expect(view.triage?.result.lifeStage?.writer).toBe('adult');
    expect(slugs(view.triage!.result)).not.toContain('childline');
  });

  it('refuses an unknown relation with a field error, and stores nothing', async () => {
    const before = await db.case.count();
    const res = await t.http
      .post('/api/v1/intakes')
      .send({ description: BULLYING, caller: { relation: 'neighbour' } })
      .expect(400);
    expect(res.body.details.fields.map((f: { path: string }) => f.path)).toEqual(['caller.relation']);
    expect(res.body.details.fields[0].message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(await db.case.count()).toBe(before);
  });
});
