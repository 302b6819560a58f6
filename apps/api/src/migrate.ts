// Container entry point (docker-compose): apply pending migrations, add missing reference data
// and, on an empty database, create the first admin, all before the API starts listening.
//
// With DATABASE_OWNER_URL (docker-compose's `migrate` service) all of that runs as the owner, and
// DATABASE_URL's role becomes the API's restricted role: created if missing, checked, granted
// (README, "Database roles"). Without it, DATABASE_URL is both, as before, with a warning.
import { createDbClient } from '@madoguchi/db';
import { applyMigrations, ensureAppRole, ensureFirstAdmin, seedReferenceData } from '@madoguchi/db/tooling';
import { loadEnv } from './config/env';

async function main() {
  const env = loadEnv(process.env, { purpose: 'migrate' });
  const ownerUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
  const applied = await applyMigrations({ databaseUrl: ownerUrl });
  console.log(
    applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.',
  );
  const db = createDbClient({ databaseUrl: ownerUrl, poolSize: 1 });
  try {
    const { windowsAdded } = await seedReferenceData(db);
    console.log(`Reference data: ${windowsAdded} referral windows added.`);
    const admin = await ensureFirstAdmin(db, {
      email: process.env.MADOGUCHI_ADMIN_EMAIL || undefined,
      password: process.env.MADOGUCHI_ADMIN_PASSWORD || undefined,
      enrolCode: process.env.MADOGUCHI_ADMIN_ENROL_CODE || undefined,
    });
    if (admin.created) {
      // Printed once, to the container log of the first start only.
      console.log(
        admin.generatedPassword
          ? `First admin created: ${admin.email} / password: ${admin.generatedPassword} (shown only once)`
          : `First admin created from MADOGUCHI_ADMIN_EMAIL: ${admin.email}`,
      );
      console.log(
        admin.generatedEnrolCode
          ? `Two-factor enrolment code: ${admin.generatedEnrolCode} (shown only once, valid 30 days)`
          : 'Two-factor enrolment code: from MADOGUCHI_ADMIN_ENROL_CODE',
      );
    }
  } finally {
    await db.$disconnect();
  }
  if (env.DATABASE_OWNER_URL) {
    const { role, created } = await ensureAppRole({ ownerUrl, appUrl: env.DATABASE_URL, mode: 'manage' });
    console.log(
      `The API connects as "${role}", with data access only${created ? ' (role created now)' : ''}.`,
    );
  } else {
    console.warn(
      'WARNING: DATABASE_OWNER_URL is not set, so the API connects as the owner of the database and could ' +
        "switch off the audit log's protection. Set DATABASE_OWNER_URL to the owner's URL and DATABASE_URL " +
        'to a role of its own (README, "Database roles").',
    );
  }
}

main().catch((error: unknown) => {
  console.error('Migration failed:', error);
  process.exit(1);
});
