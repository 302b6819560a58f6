import { ZCreateReferral, ZFollowUpsQuery, ZReferralStatusRequest, ZUpdateReferral } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class CreateReferralDto extends createZodDto(ZCreateReferral) {}
export class ReferralStatusRequestDto extends createZodDto(ZReferralStatusRequest) {}
export class UpdateReferralDto extends createZodDto(ZUpdateReferral) {}
export class FollowUpsQueryDto extends createZodDto(ZFollowUpsQuery) {}

export const ZCaseIdParams = z.strictObject({ caseId: z.uuid() });
export class CaseIdParamsDto extends createZodDto(ZCaseIdParams) {}

export const ZReferralIdParams = z.strictObject({ id: z.uuid() });
export class ReferralIdParamsDto extends createZodDto(ZReferralIdParams) {}
