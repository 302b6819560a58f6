import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.auth;

export class LoginDto extends createZodDto(routes.login.body) {}
export class LoginTotpDto extends createZodDto(routes.loginTotp.body) {}
export class RefreshDto extends createZodDto(routes.refresh.body) {}
export class ChangePasswordDto extends createZodDto(routes.changePassword.body) {}
export class StartTotpEnrolmentDto extends createZodDto(routes.startTotpEnrolment.body) {}
/** The same body (a current TOTP code) for confirming enrolment, new recovery codes and turning TOTP off. */
export class TotpCodeDto extends createZodDto(routes.confirmTotpEnrolment.body) {}
