export {
  applyMigrations,
  createMigration,
  ensureFirstAdmin,
  seedReferenceData,
  diffMigrationsToSchema,
} from '@madoguchi/db/tooling';
export { createDbClient } from '@madoguchi/db';
