// Steps that write a counselor's or the person's free text about a case through the API, shared by the specs that
// then read the database straight (case-texts-encryption, personal-data-at-rest).
import type { TCaseUpdateInput, TIntakeStatusRequest } from '@madoguchi/shared';
import type { StaffSession } from './auth-helpers';
import type { TestApp } from './test-app';

/** A counselor's summary of the case, written at its current version; the reply is the updated case. */
export async function writeSummary(t: TestApp, staff: StaffSession, caseId: string, summary: string) {
  const { version } = (await t.http.get(`/api/v1/cases/${caseId}`).set(staff.headers).expect(200)).body as {
    version: number;
  };
  return t.http
    .patch(`/api/v1/cases/${caseId}`)
    .set(staff.headers)
    .send({ version, summary } satisfies TCaseUpdateInput)
    .expect(200);
}

/** The person asks for a correction from the status page, and a counselor refuses it with a reason. */
export async function refusedCorrection(
  t: TestApp,
  staff: StaffSession,
  args: { caseId: string; pair: TIntakeStatusRequest; text: string; reason: string },
): Promise<void> {
  await t.http
    .post('/api/v1/intakes/status/requests')
    .send({ ...args.pair, kind: 'correction', text: args.text })
    .expect(201);
  const requests = (
    await t.http.get(`/api/v1/cases/${args.caseId}/person-requests`).set(staff.headers).expect(200)
  ).body as { items: { id: string }[] };
  await t.http
    .post(`/api/v1/person-requests/${requests.items[0]!.id}/decision`)
    .set(staff.headers)
    .send({ outcome: 'refused', reason: args.reason })
    .expect(200);
}
