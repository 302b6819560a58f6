import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.partnerLinks;

export class PartnerLinkParamsDto extends createZodDto(routes.get.params) {}
export class PartnerEvidenceParamsDto extends createZodDto(routes.evidence.params) {}
export class PartnerAcknowledgeDto extends createZodDto(routes.acknowledge.body) {}
export class PartnerCompleteDto extends createZodDto(routes.complete.body) {}
export class PartnerDeclineDto extends createZodDto(routes.decline.body) {}
