export { createDbClient, type DbClient } from './client';
export * from './generated/prisma/client';
export { ARGON2ID, hashPassword, verifyPassword } from './password';
