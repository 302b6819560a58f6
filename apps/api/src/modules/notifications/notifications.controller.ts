import { Body, Controller, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import type { AuthUser } from '../../common/context/request-context';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  MailOutboxQueryDto,
  NotificationIdParamsDto,
  NotificationPreferencesDto,
  NotificationQueryDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

const routes = contract.notifications;

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Endpoint(routes.list)
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationQueryDto) {
    return this.notifications.list(query, user);
  }

  @Endpoint(routes.markRead)
  markRead(@CurrentUser() user: AuthUser, @Param() params: NotificationIdParamsDto) {
    return this.notifications.markRead(params.id, user);
  }

  @Endpoint(routes.markAllRead)
  markAllRead(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Endpoint(routes.getPreferences)
  preferences(@CurrentUser() user: AuthUser) {
    return this.notifications.preferences(user);
  }

  @Endpoint(routes.updatePreferences)
  updatePreferences(@CurrentUser() user: AuthUser, @Body() body: NotificationPreferencesDto) {
    return this.notifications.updatePreferences(body, user);
  }

  @Endpoint(routes.mailOutbox)
  mailOutbox(@Query() query: MailOutboxQueryDto) {
    return this.notifications.outbox(query);
  }
}
