import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.reports;

export class ReportReferralParamsDto extends createZodDto(routes.referralLetter.params) {}
export class ReferralRegisterQueryDto extends createZodDto(routes.referralRegister.query) {}
export class CaseExportParamsDto extends createZodDto(routes.caseExport.params) {}
