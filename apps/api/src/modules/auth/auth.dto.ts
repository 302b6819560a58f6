import {
  ZChangePassword,
  ZLoginRequest,
  ZLoginTotpRequest,
  ZRefreshRequest,
  ZStartTotpEnrolment,
  ZTotpCode,
} from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(ZLoginRequest) {}
export class LoginTotpDto extends createZodDto(ZLoginTotpRequest) {}
export class RefreshDto extends createZodDto(ZRefreshRequest) {}
export class TotpCodeDto extends createZodDto(ZTotpCode) {}
export class ChangePasswordDto extends createZodDto(ZChangePassword) {}
export class StartTotpEnrolmentDto extends createZodDto(ZStartTotpEnrolment) {}
