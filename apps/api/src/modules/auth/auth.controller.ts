import { Body, Controller, Headers, UseGuards } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { SkipThrottle } from '@nestjs/throttler';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import {
  AllowWithoutMfa,
  AllowWithTemporaryPassword,
} from '../../common/decorators/allow-without-mfa.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  ChangePasswordDto,
  LoginDto,
  LoginTotpDto,
  RefreshDto,
  StartTotpEnrolmentDto,
  TotpCodeDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../common/guards/rate-limit.module';

const routes = contract.auth;

@Controller()
@UseGuards(RateLimitGuard)
@SkipThrottle(SKIP_ALL_THROTTLERS)
export class AuthController {
  constructor(private readonly service: AuthService) {}

  @Endpoint(routes.login)
  @SkipThrottle({ login: false })
  login(@Body() body: LoginDto, @Headers('user-agent') userAgent?: string) {
    return this.service.login(body.email, body.password, userAgent ?? null);
  }

  @Endpoint(routes.loginTotp)
  @SkipThrottle({ login: false })
  loginTotp(@Body() body: LoginTotpDto) {
    return this.service.loginTotp(body.mfaToken, body.code, body.recoveryCode);
  }

  @Endpoint(routes.refresh)
  refresh(@Body() body: RefreshDto) {
    return this.service.refresh(body.refreshToken);
  }

  @Endpoint(routes.logout)
  @AllowWithoutMfa()
  @AllowWithTemporaryPassword()
  async logout(@CurrentUser() user: AuthUser) {
    await this.service.logout(user);
  }

  @Endpoint(routes.me)
  @AllowWithoutMfa()
  @AllowWithTemporaryPassword()
  me(@CurrentUser() user: AuthUser) {
    return this.service.me(user);
  }

  @Endpoint(routes.changePassword)
  @AllowWithoutMfa()
  @AllowWithTemporaryPassword()
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto) {
    await this.service.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Endpoint(routes.startTotpEnrolment)
  @AllowWithoutMfa()
  enrol(@CurrentUser() user: AuthUser, @Body() body: StartTotpEnrolmentDto) {
    return this.service.startTotpEnrolment(user, body.enrolmentCode);
  }

  @Endpoint(routes.confirmTotpEnrolment)
  @AllowWithoutMfa()
  confirm(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto) {
    return this.service.confirmTotpEnrolment(user, body.code);
  }

  @Endpoint(routes.regenerateRecoveryCodes)
  recoveryCodes(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto) {
    return this.service.regenerateRecoveryCodes(user, body.code);
  }

  @Endpoint(routes.disableTotp)
  async disable(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto) {
    await this.service.disableTotp(user, body.code);
  }
}
