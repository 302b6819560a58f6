import { Controller, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { AuditQueryDto } from './audit.dto';
import { AuditQueryService } from './audit-query.service';

@Controller()
export class AuditController {
  constructor(private readonly service: AuditQueryService) {}

  @Endpoint(contract.audit.query)
  query(@Query() query: AuditQueryDto) {
    return this.service.query(query);
  }
}
