import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.templates;

export class TemplatesQueryDto extends createZodDto(routes.list.query) {}
export class TemplateParamsDto extends createZodDto(routes.get.params) {}
export class CreateTemplateDto extends createZodDto(routes.create.body) {}
export class UpdateTemplateDto extends createZodDto(routes.update.body) {}
export class TemplateFillQueryDto extends createZodDto(routes.fill.query) {}
