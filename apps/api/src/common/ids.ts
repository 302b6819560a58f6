import { v7 as uuidv7 } from 'uuid';

/**
 * A time-ordered id (UUIDv7, RFC 9562: 48 bits of Unix milliseconds, then random bits) for rows that are appended:
 * each new key lands at the right edge of its index instead of on a random page, so a month's partition keeps a
 * small, hot working set (issue 19 item 5). PostgreSQL makes these only from version 18 (`uuidv7()`), so the API
 * does. Prisma's `@default(uuid(7))` makes the same for its own creates; this is for ids needed before the insert
 * (a body encrypted under its row's id) and for rows written in SQL.
 */
export function newTimeOrderedId(): string {
  return uuidv7();
}
