import { ZCaseCreate, type TCreateReferral } from '@madoguchi/shared';
import type { AuthUser } from '../../src/common/context/request-context';
import { openEventData } from '../../src/common/crypto/case-texts';
import { FieldCrypto } from '../../src/common/crypto/field-crypto.service';
import { CasesModule } from '../../src/modules/cases/cases.module';
import { CasesService } from '../../src/modules/cases/cases.service';
import { ReferralsModule } from '../../src/modules/referrals/referrals.module';
import { ReferralsService } from '../../src/modules/referrals/referrals.service';
import { actingAs, createMediumModule, staffUser, type MediumModule } from './medium-module';

let m: MediumModule;
let cases: CasesService;
let referrals: ReferralsService;
let counselor: AuthUser;

beforeAll(async () => {
  m = await createMediumModule([CasesModule, ReferralsModule]);
  cases = m.module.get(CasesService);
  referrals = m.module.get(ReferralsService);
  counselor = await staffUser('counselor');
});
afterAll(async () => {
  await m?.close();
});

const toConsumerCentre = {
  windowSlug: 'consumer-188',
  reason: '架空請求。消費生活センターで支払わない方法の助言を受けてもらう',
  method: 'warm_transfer',
  consent: { givenBy: 'client', fields: ['summary', 'categories', 'age'] },
} satisfies TCreateReferral;

function as<T>(work: () => Promise<T>): Promise<T> {
  return actingAs(counselor, work);
}

/** A new case (version 1) with a draft referral to the consumer centre (version 1). */
async function caseWithDraft(): Promise<{ caseId: string; referralId: string }> {
  const created = await as(() =>
    cases.create(
      ZCaseCreate.parse({
        description: '身に覚えのない請求のSMSが届き、電話するよう書かれていました。',
        person: { age: 30 },
      }),
    ),
  );
  const referral = await as(() => referrals.create(created.case.id, toConsumerCentre, counselor));
  return { caseId: created.case.id, referralId: referral.id };
}

function send(referralId: string, version = 1) {
  return as(() => referrals.changeStatus(referralId, { to: 'sent', version }, counselor));
}

async function auditActions(caseId: string) {
  const rows = await m.db.auditLog.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({ action: row.action, meta: row.meta }));
}

describe('ReferralsService through the case workflow on a real database', () => {
  it('sending walks the case to referred through the allowed steps, bumping its version once', async () => {
    const { caseId, referralId } = await caseWithDraft();

    expect(await send(referralId)).toMatchObject({ status: 'sent', version: 2 });

    expect(await m.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: 'referred',
      version: 2,
    });
    const events = await m.db.caseEvent.findMany({
      where: { caseId, kind: { in: ['status_change', 'referral'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    // The reason is free text, stored encrypted in `body` (issue 17): opened as the API's repositories open it.
    const crypto = m.module.get(FieldCrypto);
    const statusData = await Promise.all(
      events.filter((e) => e.kind === 'status_change').map((e) => openEventData(crypto, e)),
    );
    expect(statusData).toEqual([
      { from: 'new', to: 'in_progress', reason: 'referral sent', referralId },
      { from: 'in_progress', to: 'referred', reason: 'referral sent', referralId },
    ]);
    expect(events.filter((e) => e.kind === 'referral').map((e) => e.data)).toMatchObject([
      { referralId, from: null, to: 'draft' },
      { referralId, from: 'draft', to: 'sent' },
    ]);
    expect(events.every((e) => e.actorId === counselor.id)).toBe(true);
    expect((await auditActions(caseId)).filter((a) => a.action !== 'case.create')).toMatchObject([
      { action: 'referral.create' },
      { action: 'referral.send', meta: { from: 'draft', to: 'sent' } },
      // The window's partner link, printed on the letter from now on.
      { action: 'referral.link_issued', meta: { linkId: expect.any(String) } },
      {
        action: 'case.status_change',
        meta: {
          from: 'new',
          to: 'referred',
          steps: ['in_progress', 'referred'],
          via: 'referral.send',
          referralId,
        },
      },
    ]);

    // A counselor's edit on the copy read before the send is refused, not silently undone.
    await expect(
      as(() =>
        cases.changeStatus(caseId, { status: 'closed', reason: '解決', version: 1 }, undefined, counselor),
      ),
    ).rejects.toMatchObject({ options: { details: { reason: 'version_conflict', currentVersion: 2 } } });
  });

  it('leaves a case already referred as it is when a second referral is sent', async () => {
    const { caseId, referralId } = await caseWithDraft();
    await send(referralId);
    const second = await as(() =>
      referrals.create(caseId, { ...toConsumerCentre, method: 'letter' }, counselor),
    );

    await send(second.id);

    expect(await m.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: 'referred',
      version: 2,
    });
    expect((await auditActions(caseId)).filter((a) => a.action === 'case.status_change')).toHaveLength(1);
  });

  it('refuses to send from a closed case, and rolls the whole send back', async () => {
    const { caseId, referralId } = await caseWithDraft();
    await as(() =>
      cases.changeStatus(caseId, { status: 'closed', reason: '重複', version: 1 }, undefined, counselor),
    );
    const before = await auditActions(caseId);

    await expect(send(referralId)).rejects.toMatchObject({
      code: 'conflict',
      options: { details: { reason: 'case_closed' } },
    });

    expect(await m.db.referral.findUniqueOrThrow({ where: { id: referralId } })).toMatchObject({
      status: 'draft',
      version: 1,
      sentAt: null,
    });
    expect(await m.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: 'closed',
      version: 2,
    });
    expect(await auditActions(caseId)).toEqual(before);
    expect(await m.db.caseEvent.count({ where: { caseId, kind: 'referral' } })).toBe(1);
  });

  it('refuses a stale referral version with version_conflict, as cases do', async () => {
    const { caseId, referralId } = await caseWithDraft();
    await as(() => referrals.update(referralId, { reason: '理由を具体的に書き直した', version: 1 }));

    await expect(send(referralId, 1)).rejects.toMatchObject({
      code: 'conflict',
      options: { details: { reason: 'version_conflict', currentVersion: 2 } },
    });
    expect(await m.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: 'new',
      version: 1,
    });
  });
});
