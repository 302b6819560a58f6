import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  CASE_STATUSES,
  CASE_TRANSITIONS,
  transitionRequiresReason,
  type TCaseCreated,
  type TCaseCreateInput,
  type TCaseStatus,
  type TCaseStatusChangeInput,
  type TCaseUpdateInput,
  type TConfirmCategoriesInput,
  type TContactLogInput,
  type TTimelineItem,
  type TTroubleCategory,
} from '@madoguchi/shared';
import { RegistryService } from '../src/modules/registry/registry.service';
import { staffHeaders } from './auth-helpers';
import { openStoredEvent, openStoredEvents, openStoredText } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

type Headers = { authorization: string };

let t: TestApp;
let db: DbClient;
let counselor: { headers: Headers; user: { id: string } };
let colleague: { headers: Headers; user: { id: string } };

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
  colleague = await staffHeaders(t, 'counselor');
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const REASON = '相談者と話して確認した';

async function createCase(body: Partial<TCaseCreateInput> = {}): Promise<TCaseCreated> {
  const res = await t.http
    .post('/api/v1/cases')
    .set(counselor.headers)
    .send({
      description: 'ショートメッセージで未納料金の請求が来ました。',
      ...body,
    } satisfies TCaseCreateInput)
    .expect(201);
  return res.body as TCaseCreated;
}

function changeStatus(id: string, body: TCaseStatusChangeInput, headers: Headers = counselor.headers) {
  return t.http.post(`/api/v1/cases/${id}/status`).set(headers).send(body);
}

/** Shortest way from `new` to each status along allowed transitions (breadth-first). */
function pathTo(target: TCaseStatus): TCaseStatus[] {
  const previous = new Map<TCaseStatus, TCaseStatus | null>([['new', null]]);
  const queue: TCaseStatus[] = ['new'];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of CASE_TRANSITIONS[current]) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  const path: TCaseStatus[] = [];
  for (let at: TCaseStatus | null = target; at !== null && at !== 'new'; at = previous.get(at) ?? null) {
    path.unshift(at);
  }
  return path;
}

/** A new case moved to `status`; returns its id and current version. */
async function caseIn(status: TCaseStatus): Promise<{ id: string; version: number }> {
  const created = await createCase();
  let version = created.case.version;
  let from: TCaseStatus = 'new';
  for (const to of pathTo(status)) {
    const res = await changeStatus(created.case.id, {
      status: to,
      version,
      reason: transitionRequiresReason(from, to) ? REASON : undefined,
    }).expect(200);
    version = res.body.version;
    from = to;
  }
  return { id: created.case.id, version };
}

describe('access', () => {
  it('refuses every case route without a valid staff token', async () => {
    await t.http.get('/api/v1/cases').expect(401);
    await t.http
      .get('/api/v1/cases/00000000-0000-4000-8000-000000000000')
      .set({ authorization: 'Bearer not-a-real-token-but-long-enough' })
      .expect(401);
  });
});

describe('POST /api/v1/cases (phone intake by a counselor)', () => {
  it('runs the intake triage, defaults the channel to phone and returns receipt and access code', async () => {
    const created = await createCase({
      description: 'アダルトサイトで「登録完了」と出て、退会料9万円を請求されました。',
      identifiers: { phones: ['03-1234-5678'] },
    });
    expect(created.receiptNumber).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(created.accessCode).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(created.case).toMatchObject({
      receiptNumber: created.receiptNumber,
      status: 'new',
      channel: 'phone',
      version: 1,
      assignee: null,
      confirmedCategories: [],
    });
    expect(created.case.suggestedCategories).toContain('fictitious_billing');
    expect(created.case.priority).toBe(created.case.urgency);
    expect(created.case.triage?.result.categories[0]?.code).toBe('fictitious_billing');
    expect(created.case.identifiers.map((i) => i.value)).toContain('+81312345678');

    // The person can check the status page with what the counselor read out.
    await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: created.receiptNumber, accessCode: created.accessCode })
      .expect(200);

    const audit = await db.auditLog.findMany({ where: { caseId: created.case.id, action: 'case.create' } });
    expect(audit).toEqual([expect.objectContaining({ actorId: counselor.user.id, actorRole: 'counselor' })]);
  });

  it('keeps an explicitly given channel and validates like the public form', async () => {
    expect((await createCase({ channel: 'walk_in' })).case.channel).toBe('walk_in');
    const res = await t.http
      .post('/api/v1/cases')
      .set(counselor.headers)
      .send({ description: '' })
      .expect(400);
    expect(res.body.details.fields[0]).toMatchObject({
      path: 'description',
      message: { ja: expect.any(String) },
    });
  });
});

describe('status workflow', () => {
  const allowed = CASE_STATUSES.flatMap((from) => CASE_TRANSITIONS[from].map((to) => [from, to] as const));

  it.each(allowed)('%s → %s is allowed and recorded', async (from, to) => {
    const { id, version } = await caseIn(from);
    const reason = transitionRequiresReason(from, to) ? REASON : undefined;
    const res = await changeStatus(id, { status: to, version, reason }).expect(200);
    expect(res.body).toMatchObject({ status: to, version: version + 1 });
    expect(res.body.closedAt === null).toBe(to !== 'closed');

    const event = await openStoredEvent(
      t,
      await db.caseEvent.findFirstOrThrow({
        where: { caseId: id, kind: 'status_change' },
        orderBy: { createdAt: 'desc' },
      }),
    );
    expect(event).toMatchObject({ actorId: counselor.user.id, public: false });
    expect(event.data).toEqual({ from, to, reason: reason ?? null });
  });

  it.each(CASE_STATUSES)(
    'from %s, every other move is refused with 409 and changes nothing',
    async (from) => {
      const { id, version } = await caseIn(from);
      const forbidden = CASE_STATUSES.filter((to) => !CASE_TRANSITIONS[from].includes(to));
      expect(forbidden.length).toBeGreaterThan(0);
      for (const to of forbidden) {
        const res = await changeStatus(id, { status: to, version, reason: REASON }).expect(409);
        expect(res.body).toMatchObject({
          code: 'conflict',
          details: { reason: 'transition_not_allowed', from, to },
        });
      }
      const stored = await db.case.findUniqueOrThrow({ where: { id } });
      expect(stored).toMatchObject({ status: from, version });
    },
  );

  it('needs a reason to close and to reopen (400 with a field message)', async () => {
    const { id, version } = await caseIn('in_progress');
    const res = await changeStatus(id, { status: 'closed', version }).expect(400);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      details: {
        reason: 'reason_required',
        fields: [{ path: 'reason', message: { ja: '理由を書いてください' } }],
      },
    });
    await changeStatus(id, { status: 'closed', version, reason: '   ' }).expect(400);
    const closed = await changeStatus(id, { status: 'closed', version, reason: '解決した' }).expect(200);
    expect(closed.body.closedAt).toEqual(expect.any(String));
    await changeStatus(id, { status: 'in_progress', version: closed.body.version }).expect(400);
    const reopened = await changeStatus(id, {
      status: 'in_progress',
      version: closed.body.version,
      reason: '再び連絡があった',
    }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', closedAt: null });
  });

  it('accepts the version in If-Match and refuses a missing one', async () => {
    const { id } = await createCase().then((c) => c.case);
    await changeStatus(id, { status: 'triaged' }).expect(400);
    await t.http
      .post(`/api/v1/cases/${id}/status`)
      .set({ ...counselor.headers, 'if-match': '"1"' })
      .send({ status: 'triaged' })
      .expect(200);
    await t.http
      .post(`/api/v1/cases/${id}/status`)
      .set({ ...counselor.headers, 'if-match': '"2"' })
      .send({ status: 'in_progress', version: 3 })
      .expect(400);
  });
});

describe('optimistic concurrency', () => {
  it('lets exactly one of two updates from the same version through, and keeps its data', async () => {
    const { id } = (await createCase()).case;
    const update = (summary: string, headers: Headers) =>
      t.http
        .patch(`/api/v1/cases/${id}`)
        .set(headers)
        .send({ version: 1, summary } satisfies TCaseUpdateInput);
    const [first, second] = await Promise.all([
      update('要約A: 最初の担当者', counselor.headers),
      update('要約B: 二人目の担当者', colleague.headers),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
    expect(loser.body).toMatchObject({
      code: 'conflict',
      details: { reason: 'version_conflict', currentVersion: 2 },
    });
    expect(winner.body).toMatchObject({ version: 2 });

    const stored = await db.case.findUniqueOrThrow({ where: { id } });
    expect(stored.version).toBe(2);
    // Stored encrypted (issue 17): opened as the API reads it.
    expect(await openStoredText(t, 'caseSummary', id, stored.summary)).toBe(winner.body.summary);

    // A late write with the stale version never overwrites, whichever endpoint it uses.
    await t.http
      .patch(`/api/v1/cases/${id}`)
      .set(counselor.headers)
      .send({ version: 1, summary: 'x' })
      .expect(409);
    await changeStatus(id, { status: 'triaged', version: 1 }).expect(409);
    const after = await db.case.findUniqueOrThrow({ where: { id } });
    expect(await openStoredText(t, 'caseSummary', id, after.summary)).toBe(winner.body.summary);
  });
});

describe('PATCH /api/v1/cases/:id', () => {
  it('assigns to me, to a colleague and unassigns, recording each change', async () => {
    const { id } = (await createCase()).case;
    const me = await t.http
      .patch(`/api/v1/cases/${id}`)
      .set(counselor.headers)
      .send({ version: 1, assigneeId: 'me' });
    expect(me.status).toBe(200);
    expect(me.body.assignee).toEqual({ id: counselor.user.id, displayName: expect.any(String) });
    const other = await t.http
      .patch(`/api/v1/cases/${id}`)
      .set(counselor.headers)
      .send({ version: 2, assigneeId: colleague.user.id })
      .expect(200);
    expect(other.body.assignee.id).toBe(colleague.user.id);
    const none = await t.http
      .patch(`/api/v1/cases/${id}`)
      .set(counselor.headers)
      .send({ version: 3, assigneeId: null })
      .expect(200);
    expect(none.body.assignee).toBeNull();
    const events = await db.caseEvent.findMany({
      where: { caseId: id, kind: 'assignment' },
      orderBy: { createdAt: 'asc' },
    });
    expect(events.map((e) => e.data)).toEqual([
      { from: null, to: counselor.user.id },
      { from: counselor.user.id, to: colleague.user.id },
      { from: colleague.user.id, to: null },
    ]);
    await t.http
      .patch(`/api/v1/cases/${id}`)
      .set(counselor.headers)
      .send({ version: 4, assigneeId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
  });

  it('changes the priority only with a reason, and sets tags, follow-up and summary', async () => {
    const created = (await createCase()).case;
    const noReason = await t.http
      .patch(`/api/v1/cases/${created.id}`)
      .set(counselor.headers)
      .send({ version: 1, priority: 'emergency' })
      .expect(400);
    expect(noReason.body.details.fields).toEqual([expect.objectContaining({ path: 'priorityReason' })]);

    const res = await t.http
      .patch(`/api/v1/cases/${created.id}`)
      .set(counselor.headers)
      .send({
        version: 1,
        priority: 'emergency',
        priorityReason: '電話で「今日中に払わないと」と急かされている',
        tags: ['要折返し', '要折返し', '高齢者'],
        followUpAt: '2026-12-01T10:00:00+09:00',
        summary: '架空請求。まだ払っていない。',
      } satisfies TCaseUpdateInput)
      .expect(200);
    expect(res.body).toMatchObject({
      priority: 'emergency',
      urgency: created.urgency,
      tags: ['要折返し', '高齢者'],
      followUpAt: '2026-12-01T01:00:00.000Z',
      summary: '架空請求。まだ払っていない。',
      version: 2,
    });
    const event = await openStoredEvent(
      t,
      await db.caseEvent.findFirstOrThrow({ where: { caseId: created.id, kind: 'priority_change' } }),
    );
    expect(event.data).toEqual({
      from: created.priority,
      to: 'emergency',
      reason: expect.stringContaining('急かされ'),
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { caseId: created.id, action: 'case.update' },
    });
    expect(audit.meta).toMatchObject({ fields: expect.arrayContaining(['priority', 'tags', 'summary']) });
    expect(JSON.stringify(audit.meta)).not.toContain('架空請求');
  });
});

describe('PUT /api/v1/cases/:id/categories', () => {
  it('records confirmation against the triage rules, and needs a reason to override', async () => {
    const created = (
      await createCase({ description: 'アダルトサイトで「登録完了」と出て、退会料9万円を請求されました。' })
    ).case;
    const suggested = created.suggestedCategories as TTroubleCategory[];
    const put = (body: TConfirmCategoriesInput) =>
      t.http.put(`/api/v1/cases/${created.id}/categories`).set(counselor.headers).send(body);

    const confirmed = await put({ version: 1, categories: suggested }).expect(200);
    expect(confirmed.body).toMatchObject({ suggestedCategories: suggested, confirmedCategories: suggested });

    const noReason = await put({ version: 2, categories: ['phishing'] }).expect(400);
    expect(noReason.body.details).toMatchObject({ reason: 'reason_required' });
    const overridden = await put({
      version: 2,
      categories: ['phishing'],
      reason: 'SMSのリンクから入力していた',
    }).expect(200);
    expect(overridden.body).toMatchObject({
      suggestedCategories: suggested,
      confirmedCategories: ['phishing'],
    });

    const events = await openStoredEvents(
      t,
      await db.caseEvent.findMany({
        where: { caseId: created.id, kind: 'category_change' },
        orderBy: { createdAt: 'asc' },
      }),
    );
    const ruleIds = created.triage!.result.matchedRuleIds;
    expect(ruleIds.length).toBeGreaterThan(0);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ suggested, confirmed: suggested, overridden: false, reason: null, ruleIds }),
      expect.objectContaining({
        suggested,
        confirmed: ['phishing'],
        previous: suggested,
        overridden: true,
        reason: 'SMSのリンクから入力していた',
        ruleIds,
      }),
    ]);
  });
});

describe('GET /api/v1/cases/:id', () => {
  it('shows identifiers with the other cases sharing them and registry matches, and audits the read', async () => {
    const phone = '090-5555-0101';
    const first = await createCase({ description: '知らない番号から電話', identifiers: { phones: [phone] } });
    const second = await createCase({ description: '同じ番号からSMS', identifiers: { phones: [phone] } });
    await db.registryEntry.create({
      data: { kind: 'phone', value: '+819055550101', display: phone, source: 'テスト用の公表リスト' },
    });
    // Written straight to the table, without its keyed value: the search.reindex job computes it.
    await t.app.get(RegistryService).rekeyEntries();

    const res = await t.http.get(`/api/v1/cases/${second.case.id}`).set(colleague.headers).expect(200);
    expect(res.body.intake).toMatchObject({ description: '同じ番号からSMS' });
    expect(res.body.intake.raw).toBeUndefined();
    const identifier = res.body.identifiers.find((i: { value: string }) => i.value === '+819055550101');
    expect(identifier).toMatchObject({
      kind: 'phone',
      display: phone,
      source: 'intake',
      inRegistry: true,
      registry: { source: 'テスト用の公表リスト' },
      otherCases: { count: 1, items: [{ id: first.case.id, receiptNumber: first.receiptNumber }] },
    });

    const audit = await db.auditLog.findMany({ where: { caseId: second.case.id, action: 'case.read' } });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: colleague.user.id,
        actorRole: 'counselor',
        entity: 'case',
        entityId: second.case.id,
        meta: { view: 'detail' },
        requestId: expect.any(String),
      }),
    ]);
  });

  it('answers 404 for an unknown case and 400 for a malformed id', async () => {
    await t.http.get('/api/v1/cases/00000000-0000-4000-8000-000000000000').set(counselor.headers).expect(404);
    await t.http.get('/api/v1/cases/not-a-uuid').set(counselor.headers).expect(400);
  });
});

describe('timeline', () => {
  it('merges triage, notes, contacts, public messages, status changes and referrals, oldest first', async () => {
    const created = await createCase();
    const id = created.case.id;
    const contactAt = new Date(new Date(created.case.triage!.createdAt).getTime() + 1).toISOString();
    await t.http
      .post(`/api/v1/cases/${id}/notes`)
      .set(counselor.headers)
      .send({ body: '内部メモ: 家族に相談済み' })
      .expect(201);
    await t.http
      .post(`/api/v1/cases/${id}/contacts`)
      .set(counselor.headers)
      .send({
        direction: 'in',
        channel: 'phone',
        occurredAt: contactAt,
        durationMinutes: 12,
        summary: '本人から電話。状況を聞き取り',
      } satisfies TContactLogInput)
      .expect(201);
    await t.http
      .post(`/api/v1/cases/${id}/messages`)
      .set(counselor.headers)
      .send({ body: '消費生活センター(188)に相談してください。' })
      .expect(201);
    await changeStatus(id, { status: 'in_progress', version: 1 }).expect(200);
    const referral = (referralNumber: string) =>
      db.referral.create({
        data: {
          referralNumber,
          caseId: id,
          windowSlug: 'consumer-188',
          reason: '架空請求の相談先',
          method: 'guided_client',
          consent: { givenBy: 'client', fields: [] },
          createdById: counselor.user.id,
        },
      });
    // One referral written without an event, one with the event the referrals module writes.
    await referral('R-2026-900001');
    const withEvent = await referral('R-2026-900002');
    await db.caseEvent.create({
      data: {
        caseId: id,
        kind: 'referral',
        actorId: counselor.user.id,
        data: { referralId: withEvent.id, referralNumber: 'R-2026-900002', from: null, to: 'draft' },
      },
    });

    const res = await t.http.get(`/api/v1/cases/${id}/timeline`).set(counselor.headers).expect(200);
    const items = res.body.items as TTimelineItem[];
    expect(items.map((i) => i.kind)).toEqual([
      'triage',
      'contact',
      'note',
      'public_message',
      'status_change',
      'referral',
      'referral',
    ]);
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort());
    expect(items[1]).toMatchObject({
      at: contactAt,
      data: { direction: 'in', channel: 'phone', durationMinutes: 12 },
    });
    expect(items[2]).toMatchObject({ public: false, actor: { id: counselor.user.id } });
    expect(items[3]).toMatchObject({ public: true, data: { body: expect.stringContaining('188') } });
    expect(items[5]).toMatchObject({
      source: 'referral',
      data: { referralNumber: 'R-2026-900001', windowSlug: 'consumer-188', status: 'draft' },
    });
    expect(items[6]).toMatchObject({
      source: 'event',
      data: {
        to: 'draft',
        referral: { referralNumber: 'R-2026-900002', windowName: { ja: expect.any(String) } },
      },
    });

    // Only the public message reaches the person's status page.
    const status = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: created.receiptNumber, accessCode: created.accessCode })
      .expect(200);
    expect(status.body.messages).toEqual([
      { at: expect.any(String), body: '消費生活センター(188)に相談してください。' },
    ]);

    expect(
      await db.auditLog.count({
        where: { caseId: id, action: 'case.read', meta: { equals: { view: 'timeline' } } },
      }),
    ).toBe(1);
    expect(await db.auditLog.count({ where: { caseId: id, action: 'case.note_add' } })).toBe(1);
  });

  it('refuses a contact logged in the future', async () => {
    const { id } = (await createCase()).case;
    const res = await t.http
      .post(`/api/v1/cases/${id}/contacts`)
      .set(counselor.headers)
      .send({
        direction: 'out',
        channel: 'email',
        occurredAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        summary: '送信',
      } satisfies TContactLogInput)
      .expect(400);
    expect(res.body.details.fields[0].path).toBe('occurredAt');
  });
});

describe('identifiers and links', () => {
  it('adds a counselor identifier (normalised, with its domain) and removes it', async () => {
    const { id } = (await createCase()).case;
    const res = await t.http
      .post(`/api/v1/cases/${id}/identifiers`)
      .set(counselor.headers)
      .send({ kind: 'url', value: 'HTTPS://Fake-Shop.example.com/pay' })
      .expect(201);
    expect(
      res.body.identifiers.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`).sort(),
    ).toEqual(['domain:fake-shop.example.com', 'url:https://fake-shop.example.com/pay']);
    expect(res.body.identifiers[0].source).toBe('counselor');
    const identifierId = res.body.identifiers[0].id as string;
    await t.http.delete(`/api/v1/cases/${id}/identifiers/${identifierId}`).set(counselor.headers).expect(204);
    await t.http.delete(`/api/v1/cases/${id}/identifiers/${identifierId}`).set(counselor.headers).expect(404);
  });

  it('links two cases once (either direction), shows the link on both and unlinks', async () => {
    const a = (await createCase()).case;
    const b = (await createCase()).case;
    const link = await t.http
      .post(`/api/v1/cases/${a.id}/links`)
      .set(counselor.headers)
      .send({ linkedCaseId: b.id, note: '同じ業者' })
      .expect(201);
    expect(link.body).toMatchObject({ id: b.id, direction: 'outgoing', note: '同じ業者' });
    const reverse = await t.http
      .post(`/api/v1/cases/${b.id}/links`)
      .set(counselor.headers)
      .send({ linkedCaseId: a.id });
    expect(reverse.status).toBe(409);
    expect(reverse.body.details).toEqual({ reason: 'already_linked' });
    await t.http
      .post(`/api/v1/cases/${a.id}/links`)
      .set(counselor.headers)
      .send({ linkedCaseId: a.id })
      .expect(400);

    const detailB = await t.http.get(`/api/v1/cases/${b.id}`).set(counselor.headers).expect(200);
    expect(detailB.body.links).toEqual([
      expect.objectContaining({ id: a.id, direction: 'incoming', note: '同じ業者' }),
    ]);

    await t.http.delete(`/api/v1/cases/${b.id}/links/${a.id}`).set(counselor.headers).expect(204);
    await t.http.delete(`/api/v1/cases/${a.id}/links/${b.id}`).set(counselor.headers).expect(404);
    expect(
      await db.auditLog.count({ where: { action: { in: ['case.link_add', 'case.link_remove'] } } }),
    ).toBe(2);
  });
});
