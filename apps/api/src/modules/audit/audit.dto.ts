import { ZAuditQuery } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

export class AuditQueryDto extends createZodDto(ZAuditQuery) {}
