// Container entry point (docker-compose): apply pending migrations, add missing reference data
// and, on an empty database, create the first admin, all before the API starts listening.
import { createDbClient } from '@madoguchi/db';
import { applyMigrations, ensureFirstAdmin, seedReferenceData } from '@madoguchi/db/tooling';
import { loadEnv } from './config/env';

async function main() {
  const env = loadEnv();
  const applied = await applyMigrations({ databaseUrl: env.DATABASE_URL });
  console.log(
    applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.',
  );
  const db = createDbClient({ databaseUrl: env.DATABASE_URL, poolSize: 1 });
  try {
    const { windowsAdded } = await seedReferenceData(db);
    console.log(`Reference data: ${windowsAdded} referral windows added.`);
    const admin = await ensureFirstAdmin(db, {
      email: process.env.MADOGUCHI_ADMIN_EMAIL || undefined,
      password: process.env.MADOGUCHI_ADMIN_PASSWORD || undefined,
    });
    if (admin.created) {
      // Printed once, to the container log of the first start only.
      console.log(
        admin.generatedPassword
          ? `First admin created: ${admin.email} / password: ${admin.generatedPassword} (shown only once)`
          : `First admin created from MADOGUCHI_ADMIN_EMAIL: ${admin.email}`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error('Migration failed:', error);
  process.exit(1);
});
