import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.referrals;

export class CreateReferralDto extends createZodDto(routes.create.body) {}
export class ReferralStatusRequestDto extends createZodDto(routes.changeStatus.body) {}
export class UpdateReferralDto extends createZodDto(routes.update.body) {}
export class FollowUpsQueryDto extends createZodDto(routes.followUps.query) {}
export class ReferralCaseParamsDto extends createZodDto(routes.create.params) {}
export class ReferralIdParamsDto extends createZodDto(routes.get.params) {}
