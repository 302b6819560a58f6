import { z } from 'zod';
import { defineJob } from '../jobs/job-definition';

/** Sends one notification e-mail of the outbox; keyed by the mail, so it is queued once. */
export const sendMailJob = defineJob({
  name: 'notifications.send-mail',
  payload: z.strictObject({ mailId: z.uuid() }),
  key: ({ mailId }) => mailId,
});

/** Queues again the mails left pending without a job (written while the queue was off or down). */
export const requeueMailJob = defineJob({
  name: 'notifications.requeue-mail',
  payload: z.strictObject({}),
  schedule: { cron: '*/10 * * * *', payload: {} },
});
