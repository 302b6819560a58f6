import type { AuthUser } from '../../src/common/context/request-context';
import { CASE_TRANSITIONS, ZCaseCreate, type TCaseStatusChange } from '@madoguchi/shared';
import { openEventData } from '../../src/common/crypto/case-texts';
import { FieldCrypto } from '../../src/common/crypto/field-crypto.service';
import { CasesModule } from '../../src/modules/cases/cases.module';
import { CasesService } from '../../src/modules/cases/cases.service';
import { actingAs, createMediumModule, staffUser, type MediumModule } from './medium-module';

let m: MediumModule;
let cases: CasesService;
let counselor: AuthUser;

beforeAll(async () => {
  m = await createMediumModule([CasesModule]);
  cases = m.module.get(CasesService);
  counselor = await staffUser('counselor');
});
afterAll(async () => {
  await m?.close();
});

/** A phone intake taken by the counselor: a new case at version 1. */
async function newCase(): Promise<string> {
  const created = await actingAs(counselor, () =>
    cases.create(
      ZCaseCreate.parse({ description: '通販サイトで代金を払ったのに商品が届かず、連絡もつきません。' }),
    ),
  );
  expect(created.case).toMatchObject({ status: 'new', version: 1 });
  return created.case.id;
}

function changeStatus(id: string, change: TCaseStatusChange) {
  return actingAs(counselor, () => cases.changeStatus(id, change, undefined, counselor));
}

async function statusChanges(caseId: string) {
  const [events, audits] = await Promise.all([
    m.db.caseEvent.findMany({
      where: { caseId, kind: 'status_change' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    m.db.auditLog.findMany({ where: { caseId, action: 'case.status_change' }, orderBy: { id: 'asc' } }),
  ]);
  // The reason is free text, stored encrypted in `body` (issue 17): opened as the API's repositories open it.
  const crypto = m.module.get(FieldCrypto);
  const opened = await Promise.all(
    events.map(async (e) => ({ actorId: e.actorId, data: await openEventData(crypto, e) })),
  );
  return { events: opened, audits };
}

describe('CasesService.changeStatus (the case workflow) on a real database', () => {
  it('moves a case along the workflow: one event and one audit row per move, closed_at kept in step', async () => {
    const id = await newCase();

    expect(await changeStatus(id, { status: 'in_progress', version: 1 })).toMatchObject({
      status: 'in_progress',
      version: 2,
    });
    await changeStatus(id, { status: 'closed', reason: '  解決した  ', version: 2 });
    expect(await m.db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'closed',
      version: 3,
      closedAt: expect.any(Date),
    });
    await changeStatus(id, { status: 'in_progress', reason: '再度連絡があった', version: 3 });
    expect(await m.db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'in_progress',
      version: 4,
      closedAt: null,
    });

    const { events, audits } = await statusChanges(id);
    expect(events).toEqual([
      { actorId: counselor.id, data: { from: 'new', to: 'in_progress', reason: null } },
      { actorId: counselor.id, data: { from: 'in_progress', to: 'closed', reason: '解決した' } },
      { actorId: counselor.id, data: { from: 'closed', to: 'in_progress', reason: '再度連絡があった' } },
    ]);
    expect(audits.map((a) => ({ actorId: a.actorId, entityId: a.entityId, meta: a.meta }))).toEqual([
      { actorId: counselor.id, entityId: id, meta: { from: 'new', to: 'in_progress', version: 2 } },
      { actorId: counselor.id, entityId: id, meta: { from: 'in_progress', to: 'closed', version: 3 } },
      { actorId: counselor.id, entityId: id, meta: { from: 'closed', to: 'in_progress', version: 4 } },
    ]);
  });

  it('refuses a move the workflow does not allow, and writes nothing', async () => {
    const id = await newCase();

    await expect(changeStatus(id, { status: 'referred', version: 1 })).rejects.toMatchObject({
      code: 'conflict',
      options: {
        details: {
          reason: 'transition_not_allowed',
          from: 'new',
          to: 'referred',
          allowed: CASE_TRANSITIONS.new,
        },
      },
    });
    await expect(changeStatus(id, { status: 'closed', version: 1 })).rejects.toMatchObject({
      code: 'validation_failed',
      options: { details: { reason: 'reason_required', fields: [{ path: 'reason' }] } },
    });

    expect(await m.db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'new', version: 1 });
    expect(await statusChanges(id)).toEqual({ events: [], audits: [] });
  });

  it('refuses a stale version with version_conflict and the version now stored', async () => {
    const id = await newCase();
    await changeStatus(id, { status: 'triaged', version: 1 });

    await expect(changeStatus(id, { status: 'closed', reason: '重複', version: 1 })).rejects.toMatchObject({
      code: 'conflict',
      options: { details: { reason: 'version_conflict', currentVersion: 2 } },
    });
    expect(await m.db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'triaged',
      version: 2,
    });
  });

  it('lets exactly one of two racing moves from the same version win', async () => {
    const id = await newCase();

    const results = await Promise.allSettled([
      changeStatus(id, { status: 'in_progress', version: 1 }),
      changeStatus(id, { status: 'closed', reason: 'いたずら', version: 1 }),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({
      code: 'conflict',
      options: { details: { reason: 'version_conflict', currentVersion: 2 } },
    });
    const { events, audits } = await statusChanges(id);
    expect(events).toHaveLength(1);
    expect(audits).toHaveLength(1);
    expect(await m.db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 2 });
  });
});
