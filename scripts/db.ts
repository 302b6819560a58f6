// npm run db:migrate | db:migration -- <name> | db:seed
import {
  applyMigrations,
  createDbClient,
  createMigration,
  ensureFirstAdmin,
  seedReferenceData,
} from './lib/db-tools';
import { resolveDatabase } from './lib/database';

const log = (line: string) => console.log(line);

async function main() {
  const [command, name] = process.argv.slice(2);
  const database = await resolveDatabase(log);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await applyMigrations({ databaseUrl: database.url });
        log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        break;
      }
      case 'migration': {
        if (!name) {
          throw new Error('Usage: npm run db:migration -- <name>   (e.g. add_case_tags)');
        }
        const folder = await createMigration({ databaseUrl: database.url, name });
        log(
          folder
            ? `Wrote prisma/migrations/${folder}/migration.sql — review it, then npm run db:migrate.`
            : 'schema.prisma matches the migrations; nothing to write.',
        );
        break;
      }
      case 'seed': {
        await applyMigrations({ databaseUrl: database.url });
        const db = createDbClient({ databaseUrl: database.url, poolSize: 2 });
        try {
          const { windowsAdded } = await seedReferenceData(db);
          log(`Reference data: ${windowsAdded} referral windows added.`);
          printFirstAdmin(await ensureFirstAdmin(db, adminFromEnv()));
        } finally {
          await db.$disconnect();
        }
        break;
      }
      default:
        throw new Error(`Unknown command "${command ?? ''}". Use migrate, migration <name> or seed.`);
    }
  } finally {
    await database.stop();
  }
}

export function adminFromEnv() {
  // An empty variable counts as unset (compose files and CI often pass VAR= through).
  return {
    email: process.env.MADOGUCHI_ADMIN_EMAIL || undefined,
    password: process.env.MADOGUCHI_ADMIN_PASSWORD || undefined,
  };
}

export function printFirstAdmin(result: Awaited<ReturnType<typeof ensureFirstAdmin>>) {
  if (!result.created) {
    return;
  }
  const lines = result.generatedPassword
    ? [
        '最初の管理者アカウントを作成しました / First admin account created',
        `  email:    ${result.email}`,
        `  password: ${result.generatedPassword}`,
        'このパスワードは一度だけ表示されます。安全な場所に控えてください。',
        'This password is shown only once. Store it somewhere safe.',
      ]
    : [`First admin account created from MADOGUCHI_ADMIN_EMAIL: ${result.email}`];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(`\n${'='.repeat(width)}\n${lines.map((l) => `  ${l}`).join('\n')}\n${'='.repeat(width)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
