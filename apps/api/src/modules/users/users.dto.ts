import { ZCreateUser, ZResetPassword, ZUpdateUser } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class CreateUserDto extends createZodDto(ZCreateUser) {}
export class UpdateUserDto extends createZodDto(ZUpdateUser) {}
export class ResetPasswordDto extends createZodDto(ZResetPassword) {}
export class UserIdParamsDto extends createZodDto(z.strictObject({ id: z.uuid() })) {}
