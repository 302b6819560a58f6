import { ZIntakeReceipt, ZIntakeStatus, ZIntakeStatusRequest, ZPersonReply } from '../intake-api.schema';
import { ZIntake, ZIntakeDraft } from '../intake.schema';
import { ZTriageResult } from '../triage/triage.types';
import { route } from './route';

export const intakeContract = {
  submit: route({
    operationId: 'submitIntake',
    tag: 'intake',
    method: 'POST',
    path: '/intakes',
    summary: 'Submit an intake: triage, store the case, return the receipt and access code',
    description: 'A retry with the same Idempotency-Key returns the first reply (200) instead of a new case.',
    access: 'public',
    body: ZIntake,
    headers: { 'idempotency-key': 'Retries with the same key return the first reply' },
    reply: ZIntakeReceipt,
    status: 201,
    errors: ['conflict', 'rate_limited', 'unavailable'],
  }),
  status: route({
    operationId: 'intakeStatus',
    tag: 'intake',
    method: 'POST',
    path: '/intakes/status',
    summary: 'Receipt number + access code → status and public messages',
    access: 'public',
    body: ZIntakeStatusRequest,
    reply: ZIntakeStatus,
    status: 200,
    errors: ['not_found', 'rate_limited'],
  }),
  reply: route({
    operationId: 'replyToDesk',
    tag: 'intake',
    method: 'POST',
    path: '/intakes/status/replies',
    summary: 'Receipt number + access code → the person answers the desk in text; returns the updated status',
    description:
      'Checked like the status look-up (same back-off, same reply for a wrong pair). The reply goes on the case ' +
      "timeline, a case awaiting the person's answer goes back to in progress, and the assignee is notified. A " +
      'closed case refuses (409 case_closed). A retry with the same Idempotency-Key records the reply once.',
    access: 'public',
    body: ZPersonReply,
    headers: { 'idempotency-key': 'Retries with the same key record the reply once' },
    reply: ZIntakeStatus,
    status: 201,
    errors: ['not_found', 'conflict', 'rate_limited'],
  }),
  preview: route({
    operationId: 'previewTriage',
    tag: 'intake',
    method: 'POST',
    path: '/triage/preview',
    summary: 'Run triage on a draft for live guidance; nothing is stored',
    access: 'public',
    body: ZIntakeDraft,
    reply: ZTriageResult,
    status: 200,
    errors: ['rate_limited'],
  }),
};
