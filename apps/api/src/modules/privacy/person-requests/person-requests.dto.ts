import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.personRequests;

export class PersonDataExportDto extends createZodDto(routes.exportData.body) {}
export class PersonRequestCreateDto extends createZodDto(routes.create.body) {}
export class PersonRequestListQueryDto extends createZodDto(routes.list.query) {}
export class PersonRequestParamsDto extends createZodDto(routes.decide.params) {}
export class PersonRequestDecisionDto extends createZodDto(routes.decide.body) {}
export class PersonRequestCaseParamsDto extends createZodDto(routes.listForCase.params) {}
