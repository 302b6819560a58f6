import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.evidence;

export class EvidenceCaseParamsDto extends createZodDto(routes.staffUpload.params) {}
export class EvidenceFileParamsDto extends createZodDto(routes.download.params) {}
export class EvidencePreviewParamsDto extends createZodDto(routes.preview.params) {}
export class EvidenceDeleteDto extends createZodDto(routes.remove.body) {}
