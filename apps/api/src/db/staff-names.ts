import type { DbClient } from '@madoguchi/db';

/** Staff members' display names by id, for reports that name who did what (audit log, exposure report). */
export async function staffNames(db: DbClient, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) {
    return new Map();
  }
  const rows = await db.user.findMany({
    where: { id: { in: [...new Set(userIds)] } },
    select: { id: true, displayName: true },
  });
  return new Map(rows.map((row) => [row.id, row.displayName]));
}
