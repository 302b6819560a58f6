import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.users;

export class CreateUserDto extends createZodDto(routes.create.body) {}
export class UpdateUserDto extends createZodDto(routes.update.body) {}
export class ResetPasswordDto extends createZodDto(routes.resetPassword.body) {}
export class UserIdParamsDto extends createZodDto(routes.update.params) {}
