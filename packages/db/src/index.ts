export { createDbClient, type DbClient } from './client';
export * from './generated/prisma/client';
export { hashPassword, verifyPassword } from './password';
