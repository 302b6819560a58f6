// npm run db:migrate | db:migration -- <name> | db:seed | db:roles [-- --print]
import { appRoleScript, credentialsOf, databaseOf, localAppRoleName } from '@madoguchi/db/tooling';
import {
  applyMigrations,
  createDbClient,
  createMigration,
  ensureFirstAdmin,
  seedReferenceData,
} from './lib/db-tools';
import { resolveApiDatabaseUrl, resolveDatabase } from './lib/database';

const log = (line: string) => console.log(line);

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === 'roles' && name === '--print') {
    process.stdout.write(rolesScript());
    return;
  }
  const database = await resolveDatabase(log);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await applyMigrations({ databaseUrl: database.url });
        log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        // The API's role gets the grants for what the migrations changed (new tables, narrowed ones).
        await resolveApiDatabaseUrl(database.url, log);
        break;
      }
      case 'roles': {
        await resolveApiDatabaseUrl(database.url, log);
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
        throw new Error(
          `Unknown command "${command ?? ''}". Use migrate, migration <name>, seed, roles or roles --print.`,
        );
    }
  } finally {
    await database.stop();
  }
}

/**
 * The SQL that sets up the API's role by hand, for an operator whose DATABASE_URL may not create
 * roles: the role of DATABASE_APP_URL (else `<database>_app`), the owner and database of DATABASE_URL.
 */
function rolesScript(): string {
  const ownerUrl = process.env.DATABASE_URL;
  const appUrl = process.env.DATABASE_APP_URL;
  const database = ownerUrl ? databaseOf(ownerUrl) : appUrl ? databaseOf(appUrl) : 'madoguchi';
  const owner = ownerUrl ? credentialsOf(ownerUrl).role : 'postgres';
  const app = appUrl ? credentialsOf(appUrl) : { role: localAppRoleName(database), password: undefined };
  return appRoleScript({ role: app.role, owner, database, password: app.password });
}

export function adminFromEnv() {
  // An empty variable counts as unset (compose files and CI often pass VAR= through).
  return {
    email: process.env.MADOGUCHI_ADMIN_EMAIL || undefined,
    password: process.env.MADOGUCHI_ADMIN_PASSWORD || undefined,
    enrolCode: process.env.MADOGUCHI_ADMIN_ENROL_CODE || undefined,
  };
}

export function printFirstAdmin(result: Awaited<ReturnType<typeof ensureFirstAdmin>>) {
  if (!result.created) {
    return;
  }
  const lines = [
    '最初の管理者アカウントを作成しました / First admin account created',
    `  email:             ${result.email}${result.generatedPassword ? '' : ' (password from MADOGUCHI_ADMIN_PASSWORD)'}`,
    ...(result.generatedPassword ? [`  password:          ${result.generatedPassword}`] : []),
    ...(result.generatedEnrolCode
      ? [`  enrolment code:    ${result.generatedEnrolCode}`]
      : ['  enrolment code:    from MADOGUCHI_ADMIN_ENROL_CODE']),
    '二要素認証の登録に登録コードが必要です。パスワード・コードは一度だけ表示されます(30日間有効)。',
    'Enrolling two-factor needs the enrolment code. Both are shown only once (valid for 30 days).',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(`\n${'='.repeat(width)}\n${lines.map((l) => `  ${l}`).join('\n')}\n${'='.repeat(width)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
