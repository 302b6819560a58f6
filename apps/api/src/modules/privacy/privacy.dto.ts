import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.privacy;

export class UpdatePrivacyRegisterDto extends createZodDto(routes.updateRegister.body) {}
export class DisclosureRecordParamsDto extends createZodDto(routes.disclosures.params) {}
export class ExposureQueryDto extends createZodDto(routes.exposure.query) {}
