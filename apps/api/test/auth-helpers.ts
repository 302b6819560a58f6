import { randomBytes } from 'node:crypto';
import { createDbClient, hashPassword, type Role } from '@madoguchi/db';
import { TOTP, Secret } from 'otpauth';
import type { TestApp } from './test-app';

export type StaffSession = {
  headers: { authorization: string };
  user: { id: string; email: string; role: Role; password: string };
  refreshToken: string;
};

/** A hash computed once per test file: argon2id is deliberately slow. */
let cachedHash: Promise<string> | undefined;
export const STAFF_PASSWORD = 'correct horse battery staple 4 madoguchi';

/** Creates a staff member in this file's database; `totp` enrols two-factor with a known secret. */
export async function createStaff(role: Role, options: { totpSecret?: string; email?: string } = {}) {
  cachedHash ??= hashPassword(STAFF_PASSWORD);
  const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
  try {
    const email = options.email ?? `${role}-${randomBytes(4).toString('hex')}@desk.example.jp`;
    const user = await db.user.create({
      data: {
        email,
        displayName: `${role} ${email.slice(0, 12)}`,
        role,
        passwordHash: await cachedHash,
        totpSecret: options.totpSecret ?? null,
        totpEnabled: !!options.totpSecret,
      },
    });
    return { id: user.id, email, role, password: STAFF_PASSWORD };
  } finally {
    await db.$disconnect();
  }
}

export function totpCode(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

/**
 * A signed-in staff member with a bearer token. Every role needs two-factor by default, so each is
 * created with a TOTP secret and passes the second step.
 */
export async function staffHeaders(t: TestApp, role: Role): Promise<StaffSession & { totpSecret: string }> {
  const totpSecret = new Secret({ size: 20 }).base32;
  const user = await createStaff(role, { totpSecret });
  const first = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
  let body = first.body;
  if (body.mfaRequired) {
    body = (
      await t.http
        .post('/api/v1/auth/login/totp')
        .send({ mfaToken: body.mfaToken, code: totpCode(totpSecret, t.now()) })
    ).body;
  }
  if (!body.accessToken) {
    throw new Error(`Sign-in failed for ${role}: ${JSON.stringify(body)}`);
  }
  return {
    headers: { authorization: `Bearer ${body.accessToken}` },
    user,
    refreshToken: body.refreshToken,
    totpSecret,
  };
}
