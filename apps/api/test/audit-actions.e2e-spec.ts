// Every write leaves its own audit row. WRITES names, for every non-GET route of the app, the action it
// records (or why it records none); each route is called as an allowed role on fresh fixtures and the row
// is found by the request's id. A write route added without a line here fails, and so does an action
// string in the API's source that no table below asserts.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient, enrolCodeHash, newEnrolCode, type DbClient, type Role } from '@madoguchi/db';
import {
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_RESPONSE_TARGETS,
  NOTIFICATION_KINDS,
  PERMISSIONS,
  type TCaseBulkRequestInput,
  type TCaseCreated,
  type TCaseReviewCreateInput,
  type TCaseCreateInput,
  type TCaseIdentifierCreate,
  type TCaseLinkCreate,
  type TCaseMergeRequest,
  type TCreateMessageTemplate,
  type TUpdateMessageTemplate,
  type TCaseNote,
  type TCaseSearchInput,
  type TCaseStatusChangeInput,
  type TCaseUpdateInput,
  type TConfirmCategoriesInput,
  type TContactLogInput,
  type TCreatePublicMessage,
  type TCreateReferral,
  type TCreateRegistryEntry,
  type TCreateUser,
  type TEvidenceDelete,
  type TEvidenceUploadReply,
  type TIntakeDraftInput,
  type TIntakeInput,
  type TIntakeStatusRequest,
  type TPersonReply,
  type TPersonDataExportRequest,
  type TPersonRequestCreateInput,
  type TPersonRequestDecisionInput,
  type TLoginRequest,
  type TLoginTotpRequest,
  type TNotificationPreferences,
  type TReferral,
  type TReferralStatusRequest,
  type TSetRetention,
  type TUpdateReferral,
  type TUpdateReferralWindow,
  type TUpdateRegistryEntry,
  type ZChangePassword,
  type ZRefreshRequest,
  type ZResetPassword,
  type ZStartTotpEnrolment,
  type ZTotpCode,
  type ZUpdateSecurityPolicy,
  type ZUpdateUser,
} from '@madoguchi/shared';
import type { z } from 'zod';
import { AUDIT_ACTIONS } from '../src/modules/audit/audit-actions';
import sharp from 'sharp';
import { responseScanJob } from '../src/modules/desk/response-scan.jobs';
import { reencryptJob } from '../src/modules/keys/keys.jobs';
import { searchReindexJob } from '../src/modules/cases/search-reindex';
import { retentionShredJob } from '../src/modules/privacy/retention/retention.jobs';
import { EvidencePreviewService } from '../src/modules/evidence/evidence-preview.service';
import { followupsScanJob } from '../src/modules/followups/followups.jobs';
import { PartnerLinkTokens } from '../src/modules/referrals/partner-link-tokens';
import { routeTable } from '../src/common/route-table';
import { createStaff, STAFF_PASSWORD, staffHeaders, totpCode } from './auth-helpers';
import { multipartText } from './evidence-form';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

type Headers = { authorization: string };
type Call = {
  path: string;
  /** The caller's bearer; none on a public route. */
  as?: Headers;
  body?: object | string;
  contentType?: string;
};
type Expectation =
  { action: string; call: () => Promise<Call> } | { none: string; call: () => Promise<Call> };
/** An action recorded on an outcome other than a route's plain success. */
type Outcome = { action: string; route: string; status: number; call: () => Promise<Call> };

let t: TestApp;
let db: DbClient;
type Session = Awaited<ReturnType<typeof staffHeaders>>;
let counselor: Session;
let supervisor: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor, admin] = await Promise.all([
    staffHeaders(t, 'counselor'),
    staffHeaders(t, 'supervisor'),
    staffHeaders(t, 'admin'),
  ]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/* ------------------------------------------------------------------------------------------ fixtures */

const unique = () => randomBytes(4).toString('hex');
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

async function newCase(): Promise<{ id: string; version: number }> {
  const res = await t.http
    .post('/api/v1/cases')
    .set(counselor.headers)
    .send({ description: '知らない番号から未納料金のSMSが届きました。' } satisfies TCaseCreateInput)
    .expect(201);
  const { id, version } = (res.body as TCaseCreated).case;
  return { id, version };
}

async function newReferral(caseId?: string, evidenceFileIds?: string[]): Promise<TReferral> {
  const id = caseId ?? (await newCase()).id;
  const res = await t.http
    .post(`/api/v1/cases/${id}/referrals`)
    .set(counselor.headers)
    .send({
      windowSlug: 'consumer-188',
      reason: '架空請求。消費生活センターで助言を受けてもらう',
      method: 'letter',
      consent: { givenBy: 'client', fields: ['summary', 'categories'], evidenceFileIds },
    } satisfies TCreateReferral)
    .expect(201);
  return res.body as TReferral;
}

/** The call that moves a new draft referral to `to`, as a counselor. */
async function newReferralMovedTo(to: TReferralStatusRequest['to']): Promise<Call> {
  const referral = await newReferral();
  return {
    path: `/api/v1/referrals/${referral.id}/status`,
    as: counselor.headers,
    body: { to, version: referral.version } satisfies TReferralStatusRequest,
  };
}

/** A sent referral and the token of the partner link its letter carries (derived as the letter does). */
async function sentReferral(
  caseId?: string,
  evidenceFileIds?: string[],
): Promise<{ referral: TReferral; token: string }> {
  const draft = await newReferral(caseId, evidenceFileIds);
  const res = await t.http
    .post(`/api/v1/referrals/${draft.id}/status`)
    .set(counselor.headers)
    .send({ to: 'sent', version: draft.version } satisfies TReferralStatusRequest)
    .expect(200);
  const link = await db.referralLink.findFirstOrThrow({ where: { referralId: draft.id } });
  const token = t.app.get(PartnerLinkTokens).token(link.id, link.keyId)!;
  return { referral: res.body as TReferral, token };
}

/** A case with a referral, by its receipt number (the disclosure record's key). */
async function newReferralCase(): Promise<{ receiptNumber: string }> {
  const referral = await newReferral();
  return db.case.findUniqueOrThrow({ where: { id: referral.caseId }, select: { receiptNumber: true } });
}

async function newRegistryEntry(): Promise<string> {
  const res = await t.http
    .post('/api/v1/registry')
    .set(admin.headers)
    .send({
      kind: 'domain',
      value: `${unique()}.example.jp`,
      source: 'テスト',
    } satisfies TCreateRegistryEntry)
    .expect(201);
  return (res.body as { id: string }).id;
}

/** An account signed in with its password only: it has not enrolled two-factor yet. */
async function passwordOnly(role: Role): Promise<{ id: string; headers: Headers }> {
  const user = await createStaff(role);
  const res = await t.http
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password } satisfies TLoginRequest)
    .expect(200);
  return { id: user.id, headers: bearer(res.body.accessToken) };
}

/** What an admin hands over with a new account (written straight to the database). */
async function issueEnrolCode(userId: string): Promise<string> {
  const code = newEnrolCode();
  await db.user.update({
    where: { id: userId },
    data: { enrolCodeHash: enrolCodeHash(code), enrolCodeExpiresAt: new Date(t.now() + 3_600_000) },
  });
  return code;
}

/** The next TOTP code of a signed-in session's account (its sign-in used the current one). */
const nextCode = (session: Session) => totpCode(session.totpSecret, t.now() + 30_000);

/** A case from the public form: its receipt number and access code, as the person holds them. */
async function publicIntake(): Promise<TIntakeStatusRequest> {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({ description: 'SNSで知らない人からしつこくメッセージが来ます。' } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber, accessCode } = res.body as TIntakeStatusRequest;
  return { receiptNumber, accessCode };
}

/** A deletion request from the person, waiting for the desk: its id. */
async function newPersonRequest(): Promise<string> {
  const pair = await publicIntake();
  await t.http
    .post('/api/v1/intakes/status/requests')
    .send({ ...pair, kind: 'deletion' } satisfies TPersonRequestCreateInput)
    .expect(201);
  const row = await db.personRequest.findFirstOrThrow({
    where: { case: { receiptNumber: pair.receiptNumber } },
    select: { id: true },
  });
  return row.id;
}

/* ----------------------------------------------------------------------------------- write routes */

const WRITES: Record<string, Expectation> = {
  'PATCH /api/v1/windows/:slug': {
    action: 'window.update',
    call: async () => ({
      path: '/api/v1/windows/jadma',
      as: admin.headers,
      body: { verified: true } satisfies TUpdateReferralWindow,
    }),
  },
  'POST /api/v1/intakes': {
    none: 'the public intake records nothing in the audit log today: the case and its triage event are its record',
    call: async () => ({
      path: '/api/v1/intakes',
      body: { description: '知らない番号から未納料金のSMSが届きました。' } satisfies TIntakeInput,
    }),
  },
  'POST /api/v1/intakes/status': {
    none: "the person's own look-up with receipt and access code; wrong codes go to back-off, not the audit log",
    call: async () => ({ path: '/api/v1/intakes/status', body: await publicIntake() }),
  },
  'POST /api/v1/intakes/status/replies': {
    action: 'case.person_replied',
    call: async () => ({
      path: '/api/v1/intakes/status/replies',
      body: { ...(await publicIntake()), body: '昨日また連絡が来ました。' } satisfies TPersonReply,
    }),
  },
  'POST /api/v1/intakes/status/export': {
    action: 'privacy.person_data_exported',
    call: async () => ({
      path: '/api/v1/intakes/status/export',
      body: { ...(await publicIntake()), format: 'json' } satisfies TPersonDataExportRequest,
    }),
  },
  'POST /api/v1/intakes/status/requests': {
    action: 'privacy.person_request_received',
    call: async () => ({
      path: '/api/v1/intakes/status/requests',
      body: { ...(await publicIntake()), kind: 'deletion' } satisfies TPersonRequestCreateInput,
    }),
  },
  'POST /api/v1/person-requests/:id/decision': {
    action: 'privacy.person_request_decided',
    call: async () => ({
      path: `/api/v1/person-requests/${await newPersonRequest()}/decision`,
      as: counselor.headers,
      body: { outcome: 'refused', reason: '法令上保存が必要なため' } satisfies TPersonRequestDecisionInput,
    }),
  },
  'POST /api/v1/intakes/evidence': {
    action: 'evidence.upload',
    call: async () => ({
      path: '/api/v1/intakes/evidence',
      ...multipartText({ ...(await publicIntake()) }, [
        { name: 'memo.txt', text: 'SMSの本文を写しました。' },
      ]),
    }),
  },
  'POST /api/v1/cases/:id/evidence': {
    action: 'evidence.upload',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/evidence`,
      as: counselor.headers,
      ...multipartText({}, [{ name: 'memo.txt', text: '電話で聞き取った内容。' }]),
    }),
  },
  'PUT /api/v1/cases/:id/retention': {
    action: 'case.retention_changed',
    call: async () => {
      const { id } = await newCase();
      return {
        path: `/api/v1/cases/${id}/retention`,
        as: supervisor.headers,
        body: { retentionClass: 'legal_hold', reason: '訴訟のため保全' } satisfies TSetRetention,
      };
    },
  },
  'DELETE /api/v1/cases/:id/evidence/:fileId': {
    action: 'evidence.delete',
    call: async () => {
      const { id } = await newCase();
      const upload = await t.http
        .post(`/api/v1/cases/${id}/evidence`)
        .set(counselor.headers)
        .attach('file', Buffer.from('電話で聞き取った内容。'), 'memo.txt')
        .expect(201);
      const fileId = (upload.body as TEvidenceUploadReply).files[0]!.id;
      return {
        path: `/api/v1/cases/${id}/evidence/${fileId}`,
        as: admin.headers,
        body: { reason: '誤って別の相談のファイルを登録したため' } satisfies TEvidenceDelete,
      };
    },
  },
  'POST /api/v1/triage/preview': {
    none: 'stores nothing: triage of a draft the person is still typing',
    call: async () => ({
      path: '/api/v1/triage/preview',
      body: { description: '未納料金のSMSが届きました' } satisfies TIntakeDraftInput,
    }),
  },
  'POST /api/v1/auth/login': {
    // Every role needs two-factor by default: the password step of an enrolled account.
    action: 'auth.password_ok',
    call: async () => {
      const user = await createStaff('counselor', { totpSecret: 'JBSWY3DPEHPK3PXP' });
      return {
        path: '/api/v1/auth/login',
        body: { email: user.email, password: user.password } satisfies TLoginRequest,
      };
    },
  },
  'POST /api/v1/auth/login/totp': {
    action: 'auth.login',
    call: async () => {
      const secret = 'JBSWY3DPEHPK3PXP';
      const user = await createStaff('counselor', { totpSecret: secret });
      const step = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password } satisfies TLoginRequest)
        .expect(200);
      return {
        path: '/api/v1/auth/login/totp',
        body: { mfaToken: step.body.mfaToken, code: totpCode(secret, t.now()) } satisfies TLoginTotpRequest,
      };
    },
  },
  'POST /api/v1/auth/refresh': {
    none: 'rotates the tokens of a session whose sign-in is audited; a replayed token is (auth.refresh_replayed)',
    call: async () => {
      const session = await staffHeaders(t, 'counselor');
      return {
        path: '/api/v1/auth/refresh',
        body: { refreshToken: session.refreshToken } satisfies z.input<typeof ZRefreshRequest>,
      };
    },
  },
  'POST /api/v1/auth/logout': {
    action: 'auth.logout',
    call: async () => ({ path: '/api/v1/auth/logout', as: (await staffHeaders(t, 'counselor')).headers }),
  },
  'POST /api/v1/auth/password': {
    action: 'user.password_changed',
    call: async () => ({
      path: '/api/v1/auth/password',
      as: (await staffHeaders(t, 'counselor')).headers,
      body: {
        currentPassword: STAFF_PASSWORD,
        newPassword: 'a long and unusual passphrase 42',
      } satisfies z.input<typeof ZChangePassword>,
    }),
  },
  'POST /api/v1/auth/totp/enrol': {
    action: 'user.totp_enrolment_started',
    call: async () => {
      // An admin: always required to enrol, so the enrolment code is checked whatever the policy says.
      const { id, headers } = await passwordOnly('admin');
      return {
        path: '/api/v1/auth/totp/enrol',
        as: headers,
        body: { enrolmentCode: await issueEnrolCode(id) } satisfies z.input<typeof ZStartTotpEnrolment>,
      };
    },
  },
  'POST /api/v1/auth/totp/confirm': {
    action: 'user.totp_enabled',
    call: async () => {
      const { id, headers } = await passwordOnly('admin');
      const enrol = await t.http
        .post('/api/v1/auth/totp/enrol')
        .set(headers)
        .send({ enrolmentCode: await issueEnrolCode(id) } satisfies z.input<typeof ZStartTotpEnrolment>)
        .expect(201);
      return {
        path: '/api/v1/auth/totp/confirm',
        as: headers,
        body: { code: totpCode(enrol.body.secret, t.now()) } satisfies z.input<typeof ZTotpCode>,
      };
    },
  },
  'POST /api/v1/auth/totp/disable': {
    action: 'user.totp_disabled',
    call: async () => {
      // Only a role the policy lets go without two-factor may switch it off.
      await t.http
        .put('/api/v1/security/policy')
        .set(admin.headers)
        .send({ totpRequired: { counselor: false } } satisfies z.input<typeof ZUpdateSecurityPolicy>)
        .expect(200);
      const session = await staffHeaders(t, 'counselor');
      return {
        path: '/api/v1/auth/totp/disable',
        as: session.headers,
        body: { code: nextCode(session) } satisfies z.input<typeof ZTotpCode>,
      };
    },
  },
  'POST /api/v1/auth/recovery-codes': {
    action: 'user.recovery_codes_regenerated',
    call: async () => {
      const session = await staffHeaders(t, 'supervisor');
      return {
        path: '/api/v1/auth/recovery-codes',
        as: session.headers,
        body: { code: nextCode(session) } satisfies z.input<typeof ZTotpCode>,
      };
    },
  },
  'POST /api/v1/users': {
    action: 'user.create',
    call: async () => ({
      path: '/api/v1/users',
      as: admin.headers,
      body: {
        email: `new-${unique()}@desk.example.jp`,
        displayName: '新しい相談員',
        role: 'counselor',
      } satisfies TCreateUser,
    }),
  },
  'PATCH /api/v1/users/:id': {
    action: 'user.update',
    call: async () => ({
      path: `/api/v1/users/${(await createStaff('counselor')).id}`,
      as: admin.headers,
      body: { displayName: '名前を直した相談員' } satisfies z.input<typeof ZUpdateUser>,
    }),
  },
  'POST /api/v1/users/:id/deactivate': {
    action: 'user.deactivate',
    call: async () => ({
      path: `/api/v1/users/${(await createStaff('counselor')).id}/deactivate`,
      as: admin.headers,
    }),
  },
  'POST /api/v1/users/:id/activate': {
    action: 'user.activate',
    call: async () => {
      const { id } = await createStaff('counselor');
      await db.user.update({ where: { id }, data: { active: false } });
      return { path: `/api/v1/users/${id}/activate`, as: admin.headers };
    },
  },
  'POST /api/v1/users/:id/reset-password': {
    action: 'user.password_reset',
    call: async () => ({
      path: `/api/v1/users/${(await createStaff('counselor')).id}/reset-password`,
      as: admin.headers,
      body: {} satisfies z.input<typeof ZResetPassword>,
    }),
  },
  'POST /api/v1/users/:id/enrolment-code': {
    action: 'user.enrolment_code_issued',
    call: async () => ({
      path: `/api/v1/users/${(await createStaff('counselor')).id}/enrolment-code`,
      as: admin.headers,
    }),
  },
  'PUT /api/v1/security/policy': {
    action: 'security.policy_changed',
    call: async () => ({
      path: '/api/v1/security/policy',
      as: admin.headers,
      body: { totpRequired: { supervisor: true } } satisfies z.input<typeof ZUpdateSecurityPolicy>,
    }),
  },
  'PUT /api/v1/desk/settings': {
    action: 'desk.settings_changed',
    call: async () => ({
      path: '/api/v1/desk/settings',
      as: admin.headers,
      body: { schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS },
    }),
  },
  'PUT /api/v1/privacy/register': {
    action: 'privacy.register_changed',
    call: async () => ({
      path: '/api/v1/privacy/register',
      as: admin.headers,
      body: { fileName: '相談記録ファイル', purpose: '相談への助言と紹介のため', notes: '' },
    }),
  },
  'PUT /api/v1/desk/identity': {
    action: 'desk.identity_changed',
    call: async () => ({
      path: '/api/v1/desk/identity',
      as: admin.headers,
      body: { name: 'みなと市ネットトラブル相談センター', address: '', phone: '045-000-1234', email: '' },
    }),
  },
  'POST /api/v1/notifications/:id/read': {
    none: "a staff member's own inbox: reading a notification changes no case and no one else's data",
    call: async () => {
      const { id } = await newCase();
      const notification = await db.notification.create({
        data: { recipientId: counselor.user.id, kind: 'case_assigned', caseId: id },
      });
      return { path: `/api/v1/notifications/${notification.id}/read`, as: counselor.headers };
    },
  },
  'POST /api/v1/notifications/read-all': {
    none: "a staff member's own inbox: reading notifications changes no case and no one else's data",
    call: async () => ({ path: '/api/v1/notifications/read-all', as: counselor.headers }),
  },
  'PUT /api/v1/notifications/preferences': {
    action: 'notification.preferences_changed',
    call: async () => ({
      path: '/api/v1/notifications/preferences',
      as: counselor.headers,
      body: { emailEnabled: false, emailKinds: ['case.assigned'] } satisfies TNotificationPreferences,
    }),
  },
  'DELETE /api/v1/security/backoff/:id': {
    action: 'security.backoff_cleared',
    call: async () => {
      const entry = await db.authBackoff.create({
        data: {
          scope: 'staff_login',
          subject: `typo-${unique()}@desk.example.jp`,
          ip: '198.51.100.30',
          failures: 4,
          lastFailureAt: new Date(t.now()),
        },
      });
      return { path: `/api/v1/security/backoff/${entry.id}`, as: admin.headers };
    },
  },
  'POST /api/v1/cases/search': {
    action: 'case.search',
    call: async () => ({
      path: '/api/v1/cases/search',
      as: counselor.headers,
      body: { q: '未納料金' } satisfies TCaseSearchInput,
    }),
  },
  'POST /api/v1/cases': {
    action: 'case.create',
    call: async () => ({
      path: '/api/v1/cases',
      as: counselor.headers,
      body: {
        description: '電話で相談。通販サイトで代金を払ったのに商品が届きません。',
      } satisfies TCaseCreateInput,
    }),
  },
  'PATCH /api/v1/cases/:id': {
    action: 'case.update',
    call: async () => {
      const { id, version } = await newCase();
      return {
        path: `/api/v1/cases/${id}`,
        as: counselor.headers,
        body: { summary: '未納料金を装うSMS', version } satisfies TCaseUpdateInput,
      };
    },
  },
  'POST /api/v1/cases/:id/status': {
    action: 'case.status_change',
    call: async () => {
      const { id, version } = await newCase();
      return {
        path: `/api/v1/cases/${id}/status`,
        as: counselor.headers,
        body: { status: 'triaged', version } satisfies TCaseStatusChangeInput,
      };
    },
  },
  'POST /api/v1/cases/bulk': {
    action: 'case.bulk',
    call: async () => ({
      path: '/api/v1/cases/bulk',
      as: counselor.headers,
      body: {
        caseIds: [(await newCase()).id, (await newCase()).id],
        action: { kind: 'tag', tag: '要折返し' },
      } satisfies TCaseBulkRequestInput,
    }),
  },
  'POST /api/v1/supervision/reviews/:caseId': {
    action: 'case.review',
    call: async () => ({
      path: `/api/v1/supervision/reviews/${(await newCase()).id}`,
      as: supervisor.headers,
      body: { verdict: 'agree' } satisfies TCaseReviewCreateInput,
    }),
  },
  'PUT /api/v1/cases/:id/categories': {
    action: 'case.categories_confirm',
    call: async () => {
      const { id, version } = await newCase();
      return {
        path: `/api/v1/cases/${id}/categories`,
        as: counselor.headers,
        body: {
          categories: ['fictitious_billing'],
          reason: '相談者と話して確認した',
          version,
        } satisfies TConfirmCategoriesInput,
      };
    },
  },
  'POST /api/v1/cases/:id/notes': {
    action: 'case.note_add',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/notes`,
      as: counselor.headers,
      body: { body: '折り返しの電話を約束した' } satisfies TCaseNote,
    }),
  },
  'POST /api/v1/cases/:id/contacts': {
    action: 'case.contact_add',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/contacts`,
      as: counselor.headers,
      body: {
        direction: 'out',
        channel: 'phone',
        occurredAt: new Date(t.now() - 60_000).toISOString(),
        summary: '本人に折り返した',
      } satisfies TContactLogInput,
    }),
  },
  'POST /api/v1/cases/:id/messages': {
    action: 'case.public_message_add',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/messages`,
      as: counselor.headers,
      body: { body: '消費生活センター(188)に相談してください。' } satisfies TCreatePublicMessage,
    }),
  },
  'POST /api/v1/cases/:id/identifiers': {
    action: 'case.identifier_add',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/identifiers`,
      as: counselor.headers,
      body: { kind: 'phone', value: '090-5555-0199' } satisfies TCaseIdentifierCreate,
    }),
  },
  'DELETE /api/v1/cases/:id/identifiers/:identifierId': {
    action: 'case.identifier_remove',
    call: async () => {
      const { id } = await newCase();
      const added = await t.http
        .post(`/api/v1/cases/${id}/identifiers`)
        .set(counselor.headers)
        .send({ kind: 'phone', value: '090-5555-0198' } satisfies TCaseIdentifierCreate)
        .expect(201);
      const identifier = (added.body.identifiers as { id: string; value: string }[]).find(
        (i) => i.value === '+819055550198',
      )!;
      return { path: `/api/v1/cases/${id}/identifiers/${identifier.id}`, as: counselor.headers };
    },
  },
  'POST /api/v1/cases/:id/merge': {
    action: 'case.merged',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/merge`,
      as: counselor.headers,
      body: { duplicateId: (await newCase()).id } satisfies TCaseMergeRequest,
    }),
  },
  'POST /api/v1/cases/:id/unmerge': {
    action: 'case.unmerged',
    call: async () => {
      const [survivor, duplicate] = [(await newCase()).id, (await newCase()).id];
      await t.http
        .post(`/api/v1/cases/${survivor}/merge`)
        .set(counselor.headers)
        .send({ duplicateId: duplicate } satisfies TCaseMergeRequest)
        .expect(200);
      return { path: `/api/v1/cases/${duplicate}/unmerge`, as: counselor.headers };
    },
  },
  'POST /api/v1/templates': {
    action: 'template.create',
    call: async () => ({
      path: '/api/v1/templates',
      as: admin.headers,
      body: { kind: 'note', title: '確認', body: '{{receipt}} を確認' } satisfies TCreateMessageTemplate,
    }),
  },
  'PATCH /api/v1/templates/:id': {
    action: 'template.update',
    call: async () => {
      const created = await t.http
        .post('/api/v1/templates')
        .set(admin.headers)
        .send({ kind: 'note', title: '確認', body: '確認します' } satisfies TCreateMessageTemplate)
        .expect(201);
      return {
        path: `/api/v1/templates/${(created.body as { id: string }).id}`,
        as: admin.headers,
        body: { active: false } satisfies TUpdateMessageTemplate,
      };
    },
  },
  'POST /api/v1/cases/:id/links': {
    action: 'case.link_add',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/links`,
      as: counselor.headers,
      body: { linkedCaseId: (await newCase()).id } satisfies TCaseLinkCreate,
    }),
  },
  'DELETE /api/v1/cases/:id/links/:linkedCaseId': {
    action: 'case.link_remove',
    call: async () => {
      const [from, to] = [(await newCase()).id, (await newCase()).id];
      await t.http
        .post(`/api/v1/cases/${from}/links`)
        .set(counselor.headers)
        .send({ linkedCaseId: to } satisfies TCaseLinkCreate)
        .expect(201);
      return { path: `/api/v1/cases/${from}/links/${to}`, as: counselor.headers };
    },
  },
  'POST /api/v1/cases/:caseId/referrals': {
    action: 'referral.create',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/referrals`,
      as: counselor.headers,
      body: {
        windowSlug: 'consumer-188',
        reason: '架空請求。消費生活センターで助言を受けてもらう',
        method: 'warm_transfer',
        consent: { givenBy: 'client', fields: ['summary'] },
      } satisfies TCreateReferral,
    }),
  },
  'POST /api/v1/referrals/:id/status': {
    // Sending also walks the case to `referred` (case.status_change, asserted in referrals.e2e-spec.ts).
    action: 'referral.send',
    call: () => newReferralMovedTo('sent'),
  },
  'POST /api/v1/referrals/:id/link/revoke': {
    action: 'referral.link_revoked',
    call: async () => ({
      path: `/api/v1/referrals/${(await sentReferral()).referral.id}/link/revoke`,
      as: counselor.headers,
    }),
  },
  'POST /api/v1/referrals/:id/link/reissue': {
    action: 'referral.link_reissued',
    call: async () => ({
      path: `/api/v1/referrals/${(await sentReferral()).referral.id}/link/reissue`,
      as: counselor.headers,
    }),
  },
  'POST /api/v1/referrals/:id/link/email': {
    action: 'referral.link_emailed',
    call: async () => {
      const { referral } = await sentReferral();
      await db.referralWindow.update({
        where: { slug: referral.window.slug },
        data: { referralEmail: 'referrals@window.example.jp' },
      });
      return { path: `/api/v1/referrals/${referral.id}/link/email`, as: counselor.headers };
    },
  },
  // The receiving window, without an account: the row carries the address (partner-links.e2e-spec.ts).
  'POST /api/v1/partner-links/:token/acknowledge': {
    action: 'referral.partner_answered',
    call: async () => ({
      path: `/api/v1/partner-links/${(await sentReferral()).token}/acknowledge`,
      body: { note: '担当の佐藤が受け付けました' },
    }),
  },
  'POST /api/v1/partner-links/:token/complete': {
    action: 'referral.partner_answered',
    call: async () => ({
      path: `/api/v1/partner-links/${(await sentReferral()).token}/complete`,
      body: { outcomeNote: '支払わないよう助言し、解決しました' },
    }),
  },
  'POST /api/v1/partner-links/:token/decline': {
    action: 'referral.partner_answered',
    call: async () => ({
      path: `/api/v1/partner-links/${(await sentReferral()).token}/decline`,
      body: { reason: '管轄外のため、お住まいの地域のセンターをご案内ください' },
    }),
  },
  'PATCH /api/v1/referrals/:id': {
    action: 'referral.update',
    call: async () => {
      const referral = await newReferral();
      return {
        path: `/api/v1/referrals/${referral.id}`,
        as: counselor.headers,
        body: { method: 'guided_client', version: referral.version } satisfies TUpdateReferral,
      };
    },
  },
  'POST /api/v1/registry': {
    action: 'registry.create',
    call: async () => ({
      path: '/api/v1/registry',
      as: admin.headers,
      body: {
        kind: 'domain',
        value: `${unique()}.example.jp`,
        source: 'テスト',
      } satisfies TCreateRegistryEntry,
    }),
  },
  'POST /api/v1/registry/import': {
    // A dry run (the default) writes nothing; this is the run that inserts.
    action: 'registry.import',
    call: async () => ({
      path: '/api/v1/registry/import?dryRun=false',
      as: admin.headers,
      contentType: 'text/csv',
      body: `kind,value,source\ndomain,${unique()}.example.jp,テスト\n`,
    }),
  },
  'PATCH /api/v1/registry/:id': {
    action: 'registry.update',
    call: async () => ({
      path: `/api/v1/registry/${await newRegistryEntry()}`,
      as: admin.headers,
      body: { note: '注意喚起に掲載' } satisfies TUpdateRegistryEntry,
    }),
  },
  'DELETE /api/v1/registry/:id': {
    action: 'registry.delete',
    call: async () => ({ path: `/api/v1/registry/${await newRegistryEntry()}`, as: admin.headers }),
  },
};

/* ----------------------------------------------------------- reads that record, and other outcomes */

/** GET routes that record an action (a GET route not listed here records none). */
const READS: Record<string, { action: string; call: () => Promise<Call> }> = {
  'GET /api/v1/cases/:id': {
    action: 'case.read',
    call: async () => ({ path: `/api/v1/cases/${(await newCase()).id}`, as: counselor.headers }),
  },
  'GET /api/v1/cases/:id/evidence': {
    action: 'case.read',
    call: async () => ({ path: `/api/v1/cases/${(await newCase()).id}/evidence`, as: counselor.headers }),
  },
  'GET /api/v1/cases/:id/evidence/:fileId/content': {
    action: 'evidence.download',
    call: async () => {
      const { id } = await newCase();
      const upload = await t.http
        .post(`/api/v1/cases/${id}/evidence`)
        .set(counselor.headers)
        .attach('file', Buffer.from('電話で聞き取った内容。'), 'memo.txt')
        .expect(201);
      const fileId = (upload.body as TEvidenceUploadReply).files[0]!.id;
      // As the virus scan leaves it (scanning itself: evidence-scan.e2e-spec.ts).
      await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
      return { path: `/api/v1/cases/${id}/evidence/${fileId}/content`, as: counselor.headers };
    },
  },
  'GET /api/v1/cases/:id/evidence/:fileId/preview/:kind': {
    action: 'evidence.preview',
    call: async () => {
      const { id } = await newCase();
      const image = await sharp({
        create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 0, b: 0 } },
      })
        .png()
        .toBuffer();
      const upload = await t.http
        .post(`/api/v1/cases/${id}/evidence`)
        .set(counselor.headers)
        .attach('file', image, 'screen.png')
        .expect(201);
      const fileId = (upload.body as TEvidenceUploadReply).files[0]!.id;
      // As the virus scan and the preview job leave it (both: evidence-scan / evidence-derived e2e specs).
      await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
      await t.app.get(EvidencePreviewService).derive(fileId);
      return { path: `/api/v1/cases/${id}/evidence/${fileId}/preview/view`, as: counselor.headers };
    },
  },
  'GET /api/v1/cases/:id/person-requests': {
    action: 'case.read',
    call: async () => ({
      path: `/api/v1/cases/${(await newCase()).id}/person-requests`,
      as: counselor.headers,
    }),
  },
  'GET /api/v1/cases/:id/timeline': {
    action: 'case.read',
    call: async () => ({ path: `/api/v1/cases/${(await newCase()).id}/timeline`, as: counselor.headers }),
  },
  'GET /api/v1/cases/:caseId/referrals': {
    action: 'case.read',
    call: async () => ({ path: `/api/v1/cases/${(await newCase()).id}/referrals`, as: counselor.headers }),
  },
  'GET /api/v1/referrals/:id': {
    action: 'case.read',
    call: async () => ({ path: `/api/v1/referrals/${(await newReferral()).id}`, as: supervisor.headers }),
  },
  'GET /api/v1/referrals/follow-ups': {
    action: 'referral.follow_ups',
    call: async () => ({ path: '/api/v1/referrals/follow-ups', as: counselor.headers }),
  },
  'GET /api/v1/referrals/:id/report.pdf': {
    action: 'referral.letter_generated',
    call: async () => ({
      path: `/api/v1/referrals/${(await newReferral()).id}/report.pdf`,
      as: counselor.headers,
    }),
  },
  'GET /api/v1/cases/:id/export.pdf': {
    action: 'case.export',
    call: async () => ({ path: `/api/v1/cases/${(await newCase()).id}/export.pdf`, as: counselor.headers }),
  },
  'GET /api/v1/referrals/:id/client-copy.pdf': {
    action: 'referral.client_copy_generated',
    call: async () => ({
      path: `/api/v1/referrals/${(await newReferral()).id}/client-copy.pdf`,
      as: counselor.headers,
    }),
  },
  'GET /api/v1/referrals.csv': {
    action: 'referral.register_export',
    call: async () => ({
      path: '/api/v1/referrals.csv?from=2025-06-01&to=2025-06-30',
      as: supervisor.headers,
    }),
  },
  'GET /api/v1/partner-links/:token': {
    action: 'referral.partner_link_viewed',
    call: async () => ({ path: `/api/v1/partner-links/${(await sentReferral()).token}` }),
  },
  'GET /api/v1/partner-links/:token/evidence/:fileId': {
    action: 'referral.partner_evidence_downloaded',
    call: async () => {
      const { id } = await newCase();
      const upload = await t.http
        .post(`/api/v1/cases/${id}/evidence`)
        .set(counselor.headers)
        .attach('file', Buffer.from('相手から届いたSMSの文面。'), 'sms.txt')
        .expect(201);
      const fileId = (upload.body as TEvidenceUploadReply).files[0]!.id;
      // As the virus scan leaves it (scanning itself: evidence-scan.e2e-spec.ts).
      await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
      const { token } = await sentReferral(id, [fileId]);
      return { path: `/api/v1/partner-links/${token}/evidence/${fileId}` };
    },
  },
  'GET /api/v1/stats': {
    action: 'stats.read',
    call: async () => ({ path: '/api/v1/stats?from=2025-04-01&to=2025-04-30', as: supervisor.headers }),
  },
  'GET /api/v1/stats.csv': {
    action: 'stats.export',
    call: async () => ({ path: '/api/v1/stats.csv?from=2025-04-01&to=2025-04-30', as: supervisor.headers }),
  },
  'GET /api/v1/stats/monthly.pdf': {
    action: 'stats.export',
    call: async () => ({ path: '/api/v1/stats/monthly.pdf?month=2025-04', as: supervisor.headers }),
  },
  'GET /api/v1/privacy/register': {
    action: 'privacy.register_read',
    call: async () => ({ path: '/api/v1/privacy/register', as: admin.headers }),
  },
  'GET /api/v1/privacy/register.csv': {
    action: 'privacy.register_export',
    call: async () => ({ path: '/api/v1/privacy/register.csv', as: admin.headers }),
  },
  'GET /api/v1/privacy/disclosures/:receiptNumber': {
    action: 'privacy.disclosure_read',
    call: async () => ({
      path: `/api/v1/privacy/disclosures/${(await newReferralCase()).receiptNumber}`,
      as: counselor.headers,
    }),
  },
  'GET /api/v1/privacy/disclosures/:receiptNumber/record.csv': {
    action: 'privacy.disclosure_export',
    call: async () => ({
      path: `/api/v1/privacy/disclosures/${(await newReferralCase()).receiptNumber}/record.csv`,
      as: counselor.headers,
    }),
  },
  'GET /api/v1/privacy/disclosures/:receiptNumber/record.pdf': {
    action: 'privacy.disclosure_export',
    call: async () => ({
      path: `/api/v1/privacy/disclosures/${(await newReferralCase()).receiptNumber}/record.pdf`,
      as: counselor.headers,
    }),
  },
  'GET /api/v1/privacy/exposure': {
    action: 'privacy.exposure_read',
    call: async () => ({
      path: '/api/v1/privacy/exposure?from=2025-06-01T00:00:00%2B09:00&to=2025-07-01T00:00:00%2B09:00',
      as: admin.headers,
    }),
  },
  'GET /api/v1/audit': {
    action: 'audit.read',
    call: async () => ({ path: '/api/v1/audit?action=case.read', as: supervisor.headers }),
  },
  'GET /api/v1/audit.csv': {
    action: 'audit.export',
    call: async () => ({ path: '/api/v1/audit.csv?action=case.read', as: supervisor.headers }),
  },
};

const OUTCOMES: Record<string, Outcome> = {
  'a wrong password': {
    action: 'auth.login_failed',
    route: 'POST /api/v1/auth/login',
    status: 401,
    call: async () => ({
      path: '/api/v1/auth/login',
      body: {
        email: (await createStaff('counselor')).email,
        password: 'not the password at all',
      } satisfies TLoginRequest,
    }),
  },
  'an expired temporary password': {
    action: 'auth.login_refused_temporary_password_expired',
    route: 'POST /api/v1/auth/login',
    status: 401,
    call: async () => {
      const user = await createStaff('counselor');
      await db.user.update({
        where: { id: user.id },
        data: { passwordTemporaryUntil: new Date(t.now() - 1_000) },
      });
      return {
        path: '/api/v1/auth/login',
        body: { email: user.email, password: user.password } satisfies TLoginRequest,
      };
    },
  },
  'a refresh token presented again after the grace window': {
    action: 'auth.refresh_replayed',
    route: 'POST /api/v1/auth/refresh',
    status: 401,
    call: async () => {
      const session = await staffHeaders(t, 'counselor');
      await t.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken } satisfies z.input<typeof ZRefreshRequest>)
        .expect(200);
      t.advanceClock(31_000); // past REFRESH_GRACE_MS (30 s)
      return {
        path: '/api/v1/auth/refresh',
        body: { refreshToken: session.refreshToken } satisfies z.input<typeof ZRefreshRequest>,
      };
    },
  },
  'a wrong enrolment code': {
    action: 'user.totp_enrolment_code_wrong',
    route: 'POST /api/v1/auth/totp/enrol',
    status: 400,
    call: async () => {
      const { id, headers } = await passwordOnly('admin');
      await issueEnrolCode(id);
      return {
        path: '/api/v1/auth/totp/enrol',
        as: headers,
        body: { enrolmentCode: newEnrolCode() } satisfies z.input<typeof ZStartTotpEnrolment>,
      };
    },
  },
  'sending a referral, which issues its partner link': {
    action: 'referral.link_issued',
    route: 'POST /api/v1/referrals/:id/status',
    status: 200,
    call: () => newReferralMovedTo('sent'),
  },
  'a partner link used twice for the same action': {
    action: 'referral.partner_link_refused',
    route: 'POST /api/v1/partner-links/:token/acknowledge',
    status: 409,
    call: async () => {
      const { token } = await sentReferral();
      await t.http.post(`/api/v1/partner-links/${token}/acknowledge`).send({}).expect(200);
      return { path: `/api/v1/partner-links/${token}/acknowledge`, body: {} };
    },
  },
  'a referral moved on other than by sending': {
    action: 'referral.status_change',
    route: 'POST /api/v1/referrals/:id/status',
    status: 200,
    call: () => newReferralMovedTo('cancelled'),
  },
};

/* ---------------------------------------------------------------------------------------- helpers */

/** Calls the route with a request id of its own and returns the status and the actions recorded under it. */
async function callRoute(
  route: string,
  call: Call,
): Promise<{ status: number; body: unknown; actions: string[] }> {
  const method = route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const requestId = `audit-actions-${randomBytes(8).toString('hex')}`;
  let request = t.http[method](call.path).set('x-request-id', requestId);
  if (call.as) {
    request = request.set(call.as);
  }
  if (call.contentType) {
    request = request.set('content-type', call.contentType);
  }
  const res = call.body === undefined ? await request : await request.send(call.body);
  const rows = await db.auditLog.findMany({
    where: { requestId },
    orderBy: { id: 'asc' },
    select: { action: true },
  });
  return { status: res.status, body: res.body, actions: rows.map((row) => row.action) };
}

function expectSuccess(route: string, res: { status: number; body: unknown }): void {
  if (res.status >= 300) {
    throw new Error(`${route} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

/** `'area.verb'` string literals in the API's modules: its audit actions, and permission names. */
function dottedLiteralsInSource(): Set<string> {
  const root = path.join(__dirname, '../src/modules');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
  );
  const found = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(path.join(root, file), 'utf8').matchAll(/'([a-z]+\.[a-z_]+)'/g)) {
      found.add(match[1]!);
    }
  }
  return found;
}

/** Actions no route writes (a job's), each asserted by the test file named. */
const ASSERTED_ELSEWHERE: Record<string, string> = {
  'case.shred': 'retention.e2e-spec.ts',
  'retention.run': 'retention.e2e-spec.ts',
};

/* ------------------------------------------------------------------------------------------ tests */

describe('every write route records its audit action', () => {
  it('has a line in WRITES for every non-GET route, and none for a route that is gone', () => {
    const writes = routeTable(t.app)
      .filter((route) => route.method !== 'GET')
      .map((route) => `${route.method} ${route.path}`);
    expect(writes.filter((key) => !(key in WRITES))).toEqual([]);
    expect(Object.keys(WRITES).filter((key) => !writes.includes(key))).toEqual([]);
  });

  it.each(Object.keys(WRITES))('%s', async (route) => {
    const expected = WRITES[route]!;
    const res = await callRoute(route, await expected.call());
    expectSuccess(route, res);
    if ('none' in expected) {
      expect(res.actions).toEqual([]);
    } else {
      expect(res.actions.filter((action) => action === expected.action)).toEqual([expected.action]);
    }
  });
});

describe('reads that are audited', () => {
  it('lists only routes that exist', () => {
    const reads = routeTable(t.app).map((route) => `${route.method} ${route.path}`);
    expect(Object.keys(READS).filter((key) => !reads.includes(key))).toEqual([]);
  });

  it.each(Object.keys(READS))('%s', async (route) => {
    const expected = READS[route]!;
    const res = await callRoute(route, await expected.call());
    expectSuccess(route, res);
    expect(res.actions).toEqual([expected.action]);
  });
});

describe('actions recorded on other outcomes', () => {
  it.each(Object.keys(OUTCOMES))('%s', async (name) => {
    const expected = OUTCOMES[name]!;
    const res = await callRoute(expected.route, await expected.call());
    expect({ status: res.status, actions: res.actions }).toEqual({
      status: expected.status,
      actions: expect.arrayContaining([expected.action]),
    });
  });
});

describe('the tables above', () => {
  it('assert every action the API can write, and no action it cannot', () => {
    const asserted = new Set(
      [...Object.values(WRITES), ...Object.values(READS), ...Object.values(OUTCOMES)]
        .flatMap((e) => ('action' in e ? [e.action] : []))
        .concat(Object.keys(ASSERTED_ELSEWHERE)),
    );
    // The typed list the API writes from (AuditEntry.action) is exactly what the tables assert.
    expect([...AUDIT_ACTIONS].filter((action) => !asserted.has(action))).toEqual([]);
    expect([...asserted].filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual(
      [],
    );
    const literals = dottedLiteralsInSource();
    // Notification kinds and job names are dotted too, and no audit action.
    const notActions = new Set<string>([
      ...NOTIFICATION_KINDS,
      followupsScanJob.name,
      responseScanJob.name,
      reencryptJob.name,
      retentionShredJob.name,
      searchReindexJob.name,
    ]);
    const actions = [...literals].filter((literal) => !(literal in PERMISSIONS) && !notActions.has(literal));
    expect(actions.filter((action) => !asserted.has(action))).toEqual([]);
    // Against all literals: audit.read is both an action and a permission name.
    expect([...asserted].filter((action) => !literals.has(action))).toEqual([]);
  });
});
