import { Controller, Header, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { download } from '../reports/report-file';
import { AuditExportQueryDto, AuditQueryDto } from './audit.dto';
import { AuditQueryService } from './audit-query.service';

@Controller()
export class AuditController {
  constructor(private readonly service: AuditQueryService) {}

  @Endpoint(contract.audit.query)
  query(@Query() query: AuditQueryDto) {
    return this.service.query(query);
  }

  @Endpoint(contract.audit.exportCsv)
  // Who looked at whose case: no cache along the way keeps a copy.
  @Header('Cache-Control', 'no-store')
  async exportCsv(@Query() query: AuditExportQueryDto) {
    return download(await this.service.exportCsv(query));
  }
}
