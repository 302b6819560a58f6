import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.retention;

export class RetentionCaseParamsDto extends createZodDto(routes.get.params) {}
export class SetRetentionDto extends createZodDto(routes.set.body) {}
