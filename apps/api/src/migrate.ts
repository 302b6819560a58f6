// Container entry point: apply pending migrations before the API starts (docker-compose).
import { applyMigrations } from '@madoguchi/db/tooling';
import { loadEnv } from './config/env';

const env = loadEnv();
applyMigrations({ databaseUrl: env.DATABASE_URL })
  .then((applied) => {
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
  })
  .catch((error: unknown) => {
    console.error('Migration failed:', error);
    process.exit(1);
  });
