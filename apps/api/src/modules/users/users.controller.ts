import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/context/request-context';
import { Access, STAFF } from '../../common/decorators/access.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserIdParamsDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Get()
  @Access('admin')
  list() {
    return this.service.list();
  }

  @Get('directory')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Active staff names and roles (assignee pickers)' })
  directory() {
    return this.service.directory();
  }

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create a staff account; without a password, a temporary one is returned once' })
  create(@Body() body: CreateUserDto) {
    return this.service.create(body);
  }

  @Patch(':id')
  @Access('admin')
  update(@CurrentUser() user: AuthUser, @Param() params: UserIdParamsDto, @Body() body: UpdateUserDto) {
    return this.service.update(user, params.id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Deactivate: all sessions end at once' })
  deactivate(@CurrentUser() user: AuthUser, @Param() params: UserIdParamsDto) {
    return this.service.setActive(user, params.id, false);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Access('admin')
  activate(@CurrentUser() user: AuthUser, @Param() params: UserIdParamsDto) {
    return this.service.setActive(user, params.id, true);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Set a temporary password (returned once) and end all sessions' })
  resetPassword(@Param() params: UserIdParamsDto, @Body() body: ResetPasswordDto) {
    return this.service.resetPassword(params.id, body);
  }

  @Post(':id/enrolment-code')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Issue a new one-time two-factor enrolment code (returned once)' })
  enrolmentCode(@Param() params: UserIdParamsDto) {
    return this.service.issueEnrolmentCode(params.id);
  }
}
