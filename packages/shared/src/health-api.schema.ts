import { z } from 'zod';

export const ZHealthLive = z.strictObject({ status: z.literal('ok') });
export const ZHealthReady = z.strictObject({
  status: z.literal('ok'),
  checks: z.strictObject({ database: z.literal('ok') }),
});
