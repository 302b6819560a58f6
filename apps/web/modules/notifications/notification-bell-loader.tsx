import { contract } from '@madoguchi/shared';

import { staffCall } from '../../lib/staff-api';
import { NotificationBell } from './notification-bell';

/** Reads my unread count for the bell (one small request per page); a failed read shows the bell without it. */
export async function NotificationBellLoader() {
  const result = await staffCall(contract.notifications.list, { query: { unread: 'true', limit: 1 } });
  return <NotificationBell unread={result.ok ? result.data.unreadCount : null} />;
}
