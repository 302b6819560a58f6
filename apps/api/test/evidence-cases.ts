// Cases with evidence uploaded by a counselor (a phone intake: the counselor keeps what the person sent), shared by
// the evidence e2e specs.
import { ZEvidenceUploadReply, type TCaseCreateInput, type TCaseCreated } from '@madoguchi/shared';
import type { StaffSession } from './auth-helpers';
import type { TestApp } from './test-app';

/** A case a counselor opened from a phone call. */
export async function phoneCase(app: TestApp, staff: StaffSession): Promise<string> {
  const created = await app.http
    .post('/api/v1/cases')
    .set(staff.headers)
    .send({ description: '電話相談:相手から届いた画像を預かる。' } satisfies TCaseCreateInput)
    .expect(201);
  return (created.body as TCaseCreated).case.id;
}

/** The counselor's upload of one file to a case (the request, to check its answer). */
export function staffUpload(app: TestApp, staff: StaffSession, caseId: string, data: Buffer, name: string) {
  return app.http.post(`/api/v1/cases/${caseId}/evidence`).set(staff.headers).attach('file', data, name);
}

/** A new phone case with one file uploaded by the counselor. */
export async function caseWithStaffUpload(
  app: TestApp,
  staff: StaffSession,
  data: Buffer,
  name: string,
): Promise<{ caseId: string; fileId: string }> {
  const caseId = await phoneCase(app, staff);
  const res = await staffUpload(app, staff, caseId, data, name).expect(201);
  return { caseId, fileId: ZEvidenceUploadReply.parse(res.body).files[0]!.id };
}
