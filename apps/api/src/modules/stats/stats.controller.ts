import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Access, SUPERVISORS } from '../../common/decorators/access.decorator';
import { download } from '../reports/report-file';
import { MonthlyReportQueryDto, StatsQueryDto, StatsReportDto } from './stats.dto';
import { StatsService } from './stats.service';

// Aggregates only, but a small desk's figures can still point at a person: nobody keeps a cached copy.
const NO_STORE = ['Cache-Control', 'no-store'] as const;

@ApiTags('stats')
@UseBulkhead('reports')
@Controller('stats')
export class StatsController {
  constructor(private readonly service: StatsService) {}

  @Get()
  @Access(...SUPERVISORS)
  @Header(...NO_STORE)
  @ApiOkResponse({ type: StatsReportDto })
  @ApiOperation({ summary: 'Statistics for a period (Asia/Tokyo days, `to` included, at most 400 days)' })
  report(@Query() query: StatsQueryDto) {
    return this.service.report(query);
  }

  @Get('monthly.pdf')
  @Access(...SUPERVISORS)
  @Header(...NO_STORE)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The monthly report as PDF, with bar charts' })
  async monthlyPdf(@Query() query: MonthlyReportQueryDto) {
    return download(await this.service.monthlyPdf(query));
  }
}

/** `GET /stats.csv` sits beside `/stats`, not under it, so it has a controller of its own. */
@ApiTags('stats')
@UseBulkhead('reports')
@Controller()
export class StatsExportController {
  constructor(private readonly service: StatsService) {}

  @Get('stats.csv')
  @Access(...SUPERVISORS)
  @Header(...NO_STORE)
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The statistics as CSV for Excel (UTF-8 with BOM, CRLF, Japanese section headers)',
  })
  async csv(@Query() query: StatsQueryDto) {
    return download(await this.service.csv(query));
  }
}
