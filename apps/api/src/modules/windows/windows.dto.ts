import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.windows;

export class WindowsQueryDto extends createZodDto(routes.list.query) {}
export class WindowSlugParamsDto extends createZodDto(routes.get.params) {}
export class UpdateWindowDto extends createZodDto(routes.update.body) {}
