import { Prisma } from '@madoguchi/db';

/** The stamp of the desk's default settings (no desk_settings row) in cases.response_target_of. */
export const DEFAULT_SETTINGS_STAMP = new Date(0);

/** The stamp a due time computed under `settingsAt` (desk_settings.updated_at; null: the defaults) carries. */
export function responseTargetStampOf(settingsAt: Date | null): Date {
  return settingsAt ?? DEFAULT_SETTINGS_STAMP;
}

/**
 * One row: the desk settings' updated_at (`settings_at`, null for the defaults) and the stamp of due times
 * computed under them now (`stamp`); a case whose response_target_of differs is stale (migration
 * case_response_target).
 */
export const responseTargetStamp = Prisma.sql`
  SELECT max(updated_at) AS settings_at, coalesce(max(updated_at), 'epoch'::timestamptz) AS stamp FROM desk_settings`;
