import { URGENCY_LEVELS, type TUrgency } from '@madoguchi/shared';
import type { SortKey } from './cases.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The queue cursor: the sort key of the last row of a page (priority, created_at to the
 * millisecond as stored, id), base64url-encoded. Opaque to clients; nothing secret in it.
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(`${key.priority}|${key.createdAt.toISOString()}|${key.id}`, 'utf8').toString(
    'base64url',
  );
}

/** null when the cursor was not made by encodeCursor (tampered, truncated, from another API). */
export function decodeCursor(cursor: string): SortKey | null {
  const [priority, at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !priority || !at || !id) {
    return null;
  }
  const createdAt = new Date(at);
  if (!URGENCY_LEVELS.includes(priority as TUrgency) || Number.isNaN(createdAt.getTime()) || !UUID.test(id)) {
    return null;
  }
  return { priority: priority as TUrgency, createdAt, id: id.toLowerCase() };
}
