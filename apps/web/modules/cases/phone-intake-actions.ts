'use server';

import { contract, toFieldErrors, ZCaseCreate } from '@madoguchi/shared';

import { requireStaff } from '../../lib/auth';
import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { phoneIntakeFromForm } from './phone-intake';

export type TPhoneIntakeCreated = { caseId: string; receiptNumber: string; accessCode: string };

/** Records a consultation taken by phone; the receipt number and access code come back once. */
export async function createPhoneIntake(form: FormData): Promise<TActionResult<TPhoneIntakeCreated>> {
  await requireStaff();
  const body = ZCaseCreate.safeParse(phoneIntakeFromForm(form));
  if (!body.success) {
    return invalid(toFieldErrors(body.error));
  }
  const result = await staffCall(contract.cases.create, { body: body.data });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  return succeeded(
    { ja: '相談を登録しました。', en: 'The case has been recorded.' },
    {
      caseId: result.data.case.id,
      receiptNumber: result.data.receiptNumber,
      accessCode: result.data.accessCode,
    },
  );
}
