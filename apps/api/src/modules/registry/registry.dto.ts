import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.registry;

export class CreateRegistryEntryDto extends createZodDto(routes.create.body) {}
export class UpdateRegistryEntryDto extends createZodDto(routes.update.body) {}
export class RegistryQueryDto extends createZodDto(routes.list.query) {}
export class RegistryImportQueryDto extends createZodDto(routes.import.query) {}
export class RegistryIdParamsDto extends createZodDto(routes.update.params) {}
