import {
  ZCreateRegistryEntry,
  ZRegistryImportQuery,
  ZRegistryQuery,
  ZUpdateRegistryEntry,
} from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class CreateRegistryEntryDto extends createZodDto(ZCreateRegistryEntry) {}
export class UpdateRegistryEntryDto extends createZodDto(ZUpdateRegistryEntry) {}
export class RegistryQueryDto extends createZodDto(ZRegistryQuery) {}
export class RegistryImportQueryDto extends createZodDto(ZRegistryImportQuery) {}

export const ZRegistryIdParams = z.strictObject({ id: z.uuid() });
export class RegistryIdParamsDto extends createZodDto(ZRegistryIdParams) {}
