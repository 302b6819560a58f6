import { ZMonthlyReportQuery, ZStatsQuery, ZStatsReport } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

export class StatsQueryDto extends createZodDto(ZStatsQuery) {}
export class MonthlyReportQueryDto extends createZodDto(ZMonthlyReportQuery) {}
export class StatsReportDto extends createZodDto(ZStatsReport) {}
