// Configuration for the stock Prisma CLI (`prisma generate`, and `prisma migrate deploy`
// wherever its schema-engine binary is available). Day-to-day migrations run through
// packages/db's WebAssembly schema engine instead: see scripts/db.ts (npm run db:migrate).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'node --import tsx scripts/db.ts seed' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/madoguchi' },
});
