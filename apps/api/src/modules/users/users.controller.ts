import { Body, Controller, Param } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserIdParamsDto } from './users.dto';
import { UsersService } from './users.service';

const routes = contract.users;

@Controller()
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Endpoint(routes.list)
  list() {
    return this.service.list();
  }

  @Endpoint(routes.directory)
  directory() {
    return this.service.directory();
  }

  @Endpoint(routes.create)
  create(@Body() body: CreateUserDto) {
    return this.service.create(body);
  }

  @Endpoint(routes.update)
  update(@CurrentUser() user: AuthUser, @Param() params: UserIdParamsDto, @Body() body: UpdateUserDto) {
    return this.service.update(user, params.id, body);
  }

  @Endpoint(routes.deactivate)
  deactivate(@CurrentUser() user: AuthUser, @Param() params: UserIdParamsDto) {
    return this.service.setActive(user, params.id, false);
  }

  @Endpoint(routes.activate)
  activate(@CurrentUser() user: AuthUser, @Param() params: UserIdParamsDto) {
    return this.service.setActive(user, params.id, true);
  }

  @Endpoint(routes.resetPassword)
  resetPassword(@Param() params: UserIdParamsDto, @Body() body: ResetPasswordDto) {
    return this.service.resetPassword(params.id, body);
  }

  @Endpoint(routes.issueEnrolmentCode)
  enrolmentCode(@Param() params: UserIdParamsDto) {
    return this.service.issueEnrolmentCode(params.id);
  }
}
