import { randomUUID } from 'node:crypto';
import { ZCaseCreate, type TCreateReferral } from '@madoguchi/shared';
import type { AuthUser } from '../../src/common/context/request-context';
import { requestContext } from '../../src/common/context/request-context';
import { CasesModule } from '../../src/modules/cases/cases.module';
import { CasesService } from '../../src/modules/cases/cases.service';
import {
  NotificationsService,
  type NotifyInput,
} from '../../src/modules/notifications/notifications.service';
import { PartnerLinkTokens } from '../../src/modules/referrals/partner-link-tokens';
import { ReferralsModule } from '../../src/modules/referrals/referrals.module';
import { ReferralsService } from '../../src/modules/referrals/referrals.service';
import { actingAs, createMediumModule, staffUser, type MediumModule } from './medium-module';

let m: MediumModule;
let cases: CasesService;
let referrals: ReferralsService;
let notifications: NotificationsService;
let counselor: AuthUser;

beforeAll(async () => {
  m = await createMediumModule([CasesModule, ReferralsModule]);
  cases = m.module.get(CasesService);
  referrals = m.module.get(ReferralsService);
  notifications = m.module.get(NotificationsService);
  counselor = await staffUser('counselor');
});
afterAll(async () => {
  await m?.close();
});
afterEach(() => {
  jest.restoreAllMocks();
});

const referral = {
  windowSlug: 'consumer-188',
  reason: '架空請求。消費生活センターで支払わない方法の助言を受けてもらう',
  method: 'letter',
  consent: { givenBy: 'client', fields: ['summary'] },
} satisfies TCreateReferral;

/** A case assigned to the counselor, with a sent referral; the token its letter carries. */
async function sentReferral(): Promise<{ caseId: string; referralId: string; token: string }> {
  return actingAs(counselor, async () => {
    const created = await cases.create(
      ZCaseCreate.parse({ description: '未納料金のSMSが届きました。', person: { age: 40 } }),
    );
    await m.db.case.update({ where: { id: created.case.id }, data: { assigneeId: counselor.id } });
    const draft = await referrals.create(created.case.id, referral, counselor);
    await referrals.changeStatus(draft.id, { to: 'sent', version: draft.version }, counselor);
    const link = await m.db.referralLink.findFirstOrThrow({ where: { referralId: draft.id } });
    const token = m.module.get(PartnerLinkTokens).token(link.id, link.keyId)!;
    return { caseId: created.case.id, referralId: draft.id, token };
  });
}

/** As the partner's request: no signed-in user, the window's address. */
function asPartner<T>(work: () => Promise<T>): Promise<T> {
  return requestContext.run({ requestId: randomUUID(), ip: '203.0.113.9' }, work);
}

describe('partner answers and the notifications they cause', () => {
  it('tells the assignee and the supervisors after the answer is committed', async () => {
    const { caseId, referralId, token } = await sentReferral();
    const told: { input: NotifyInput; status: string }[] = [];
    jest.spyOn(notifications, 'notify').mockImplementation(async (input) => {
      // What the notification reports is already visible to anyone who reads the referral.
      const row = await m.db.referral.findUniqueOrThrow({ where: { id: referralId } });
      told.push({ input, status: row.status });
    });

    await asPartner(() => referrals.answerAsPartner(token, 'decline', '管轄外のため対応できません'));

    expect(told).toEqual([
      {
        input: {
          kind: 'referral.declined',
          caseId,
          referralId,
          to: { userIds: [counselor.id], roles: ['supervisor'] },
        },
        status: 'declined',
      },
    ]);
  });

  it('keeps the answer when the notification fails, and tells nobody about a refused answer', async () => {
    const { referralId, token } = await sentReferral();
    const notify = jest.spyOn(notifications, 'notify').mockRejectedValue(new Error('mail server down'));

    await expect(
      asPartner(() => referrals.answerAsPartner(token, 'acknowledge', '受け付けました')),
    ).resolves.toMatchObject({ status: 'acknowledged', actions: ['complete', 'decline'] });
    expect(notify).toHaveBeenCalledTimes(1);
    expect(await m.db.referral.findUniqueOrThrow({ where: { id: referralId } })).toMatchObject({
      status: 'acknowledged',
    });

    await expect(
      asPartner(() => referrals.answerAsPartner(token, 'acknowledge', null)),
    ).rejects.toMatchObject({
      options: { details: { reason: 'partner_link_action_used' } },
    });
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('takes one of two simultaneous identical answers and refuses the other', async () => {
    const { referralId, token } = await sentReferral();
    jest.spyOn(notifications, 'notify').mockResolvedValue();
    const results = await Promise.allSettled([
      asPartner(() => referrals.answerAsPartner(token, 'acknowledge', '一回目')),
      asPartner(() => referrals.answerAsPartner(token, 'acknowledge', '二回目')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const uses = await m.db.referralLinkUse.findMany({ where: { link: { referralId } } });
    expect(uses).toHaveLength(1);
    const history = await m.db.referralStatusChange.findMany({ where: { referralId, to: 'acknowledged' } });
    expect(history).toHaveLength(1);
  });
});
