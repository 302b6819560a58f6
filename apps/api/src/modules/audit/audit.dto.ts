import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

export class AuditQueryDto extends createZodDto(contract.audit.query.query) {}
export class AuditExportQueryDto extends createZodDto(contract.audit.exportCsv.query) {}
