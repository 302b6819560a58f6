// Configuration for the stock Prisma CLI (`prisma generate`, and `prisma migrate deploy`
// wherever its schema-engine binary is available). Day-to-day migrations run through
// packages/db's WebAssembly schema engine instead: see scripts/db.mjs.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'node scripts/db.mjs seed' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/madoguchi' },
});
