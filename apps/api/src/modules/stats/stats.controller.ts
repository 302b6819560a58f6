import { Controller, Header, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { download } from '../reports/report-file';
import { MonthlyReportQueryDto, StatsQueryDto } from './stats.dto';
import { StatsService } from './stats.service';

// Aggregates only, but a small desk's figures can still point at a person: nobody keeps a cached copy.
const NO_STORE = ['Cache-Control', 'no-store'] as const;

const routes = contract.stats;

@UseBulkhead('reports')
@Controller()
export class StatsController {
  constructor(private readonly service: StatsService) {}

  @Endpoint(routes.report)
  @Header(...NO_STORE)
  report(@Query() query: StatsQueryDto) {
    return this.service.report(query);
  }

  @Endpoint(routes.monthlyPdf)
  @Header(...NO_STORE)
  async monthlyPdf(@Query() query: MonthlyReportQueryDto) {
    return download(await this.service.monthlyPdf(query));
  }

  @Endpoint(routes.csv)
  @Header(...NO_STORE)
  async csv(@Query() query: StatsQueryDto) {
    return download(await this.service.csv(query));
  }
}
