export { createDbClient, type DbClient } from './client';
export * from './generated/prisma/client';
export { ARGON2ID, hashPassword, verifyPassword } from './password';
export { enrolCodeHash, newEnrolCode } from './enrol-code';
