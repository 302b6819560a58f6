import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';

const routes = contract.notifications;

export class NotificationQueryDto extends createZodDto(routes.list.query) {}
export class NotificationIdParamsDto extends createZodDto(routes.markRead.params) {}
export class NotificationPreferencesDto extends createZodDto(routes.updatePreferences.body) {}
export class MailOutboxQueryDto extends createZodDto(routes.mailOutbox.query) {}
