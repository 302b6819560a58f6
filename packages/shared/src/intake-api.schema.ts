import { z } from 'zod';
import { ZLocalized } from './category';
import { ZCaseStatus } from './case-status';
import { ZTriageResult } from './triage/triage.types';

/** POST /intakes reply. The access code is shown once; only its hash is kept. */
export const ZIntakeReceipt = z.strictObject({
  receiptNumber: z.string(),
  accessCode: z.string(),
  triage: ZTriageResult,
});
export type TIntakeReceipt = z.infer<typeof ZIntakeReceipt>;

export const ZIntakeStatusRequest = z.strictObject({
  receiptNumber: z.string().trim().min(1).max(40),
  accessCode: z.string().trim().min(1).max(40),
});
export type TIntakeStatusRequest = z.infer<typeof ZIntakeStatusRequest>;

export const ZPublicMessage = z.strictObject({ at: z.iso.datetime(), body: z.string() });

export const ZIntakeStatus = z.strictObject({
  receiptNumber: z.string(),
  status: ZCaseStatus,
  statusLabel: ZLocalized,
  lastUpdatedAt: z.iso.datetime(),
  messages: z.array(ZPublicMessage),
});
export type TIntakeStatus = z.infer<typeof ZIntakeStatus>;
