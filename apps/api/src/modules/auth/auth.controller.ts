import { Body, Controller, Get, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/context/request-context';
import { Access, STAFF } from '../../common/decorators/access.decorator';
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

@ApiTags('auth')
@Controller('auth')
@UseGuards(RateLimitGuard)
@SkipThrottle(SKIP_ALL_THROTTLERS)
export class AuthController {
  constructor(private readonly service: AuthService) {}

  @Post('login')
  @SkipThrottle({ login: false })
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: 'Sign in with e-mail and password; answers mfaRequired when TOTP is enrolled' })
  login(@Body() body: LoginDto, @Headers('user-agent') userAgent?: string) {
    return this.service.login(body.email, body.password, userAgent ?? null);
  }

  @Post('login/totp')
  @SkipThrottle({ login: false })
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: 'Second step: a TOTP code or a recovery code' })
  loginTotp(@Body() body: LoginTotpDto) {
    return this.service.loginTotp(body.mfaToken, body.code, body.recoveryCode);
  }

  @Post('refresh')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: 'Rotate the tokens of a live session' })
  refresh(@Body() body: RefreshDto) {
    return this.service.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Access(...STAFF)
  @AllowWithoutMfa()
  @AllowWithTemporaryPassword()
  @ApiBearerAuth()
  async logout(@CurrentUser() user: AuthUser) {
    await this.service.logout(user);
  }

  @Get('me')
  @Access(...STAFF)
  @AllowWithoutMfa()
  @AllowWithTemporaryPassword()
  @ApiBearerAuth()
  me(@CurrentUser() user: AuthUser) {
    return this.service.me(user);
  }

  @Post('password')
  @HttpCode(204)
  @Access(...STAFF)
  @AllowWithoutMfa()
  @AllowWithTemporaryPassword()
  @ApiBearerAuth()
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto) {
    await this.service.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Post('totp/enrol')
  @Access(...STAFF)
  @AllowWithoutMfa()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Start TOTP enrolment: a secret and an otpauth:// URI for the authenticator app' })
  enrol(@CurrentUser() user: AuthUser, @Body() body: StartTotpEnrolmentDto) {
    return this.service.startTotpEnrolment(user, body.enrolmentCode);
  }

  @Post('totp/confirm')
  @Access(...STAFF)
  @AllowWithoutMfa()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Confirm enrolment with a code; returns ten recovery codes, shown once' })
  confirm(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto) {
    return this.service.confirmTotpEnrolment(user, body.code);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'A new set of recovery codes against a current TOTP code; the old set stops working',
  })
  recoveryCodes(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto) {
    return this.service.regenerateRecoveryCodes(user, body.code);
  }

  @Post('totp/disable')
  @HttpCode(204)
  @Access('counselor', 'supervisor')
  @ApiBearerAuth()
  async disable(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto) {
    await this.service.disableTotp(user, body.code);
  }
}
