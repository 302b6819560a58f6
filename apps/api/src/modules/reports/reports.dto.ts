import { ZReferralRegisterQuery } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const ZReportReferralParams = z.strictObject({ id: z.uuid() });
export class ReportReferralParamsDto extends createZodDto(ZReportReferralParams) {}

export class ReferralRegisterQueryDto extends createZodDto(ZReferralRegisterQuery) {}
