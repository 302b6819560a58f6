import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

export class DeskSettingsDto extends createZodDto(contract.desk.updateSettings.body) {}

export class DeskIdentityDto extends createZodDto(contract.desk.updateIdentity.body) {}
