import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.stats;

export class StatsQueryDto extends createZodDto(routes.report.query) {}
export class MonthlyReportQueryDto extends createZodDto(routes.monthlyPdf.query) {}
