import path from 'node:path';

/** Repository root, found from this file so scripts work from any working directory. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const schemaPath = path.join(repoRoot, 'prisma', 'schema.prisma');
export const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');
