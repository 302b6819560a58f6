import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.security;

export class UpdateSecurityPolicyDto extends createZodDto(routes.updatePolicy.body) {}
export class BackoffIdParamsDto extends createZodDto(routes.clearBackoff.params) {}
