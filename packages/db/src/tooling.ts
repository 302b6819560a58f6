// Development and operations tooling: migrations, the embedded server, seeding.
// Kept apart from index.ts so the API's runtime bundle never loads the schema engine.
export { applyMigrations, createMigration, diffMigrationsToSchema, listMigrations } from './migrations';
export { freePort, startEmbeddedPostgres, type EmbeddedServer, type ServerExit } from './embedded';
export { databaseExists, ensureDatabase, runAdminStatement, withDatabase, quoteIdent } from './admin';
export { seedReferenceData, ensureFirstAdmin } from './seed';
export { repoRoot, migrationsDir, schemaPath } from './paths';
export {
  APPEND_ONLY_TABLES,
  AppRoleError,
  appRoleProblems,
  appRoleScript,
  canCreateRoles,
  credentialsOf,
  databaseOf,
  ensureAppRole,
  localAppRoleName,
  withCredentials,
} from './roles';
