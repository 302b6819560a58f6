// Staff accounts for the data set, the known-scam registry, and the signed-in sessions the load
// scenarios use. A session is made the way SessionsService.open makes one (a random token, only its
// SHA-256 stored), directly in the database: signing in through the API would need TOTP for
// admins and would put the login's argon2 cost into the measurement.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '@madoguchi/db';
import { normalizeIdentifier } from '@madoguchi/shared';
import type { StaffMember } from './case-factory';
import type { IdentifierPools } from './identifier-pool';
import { Rng } from './random';

export const BENCH_USER_AGENT = 'madoguchi-bench';

/** A national deployment: a counselor for every ~4,000 consultations a year, a supervisor per ten. */
export function staffCounts(cases: number) {
  const counselors = Math.min(400, Math.max(10, Math.round(cases / 4000)));
  return { counselors, supervisors: Math.max(2, Math.round(counselors / 10)) };
}

export async function insertStaff(
  client: pg.Client,
  options: { seed: number; cases: number; createdAt: Date },
): Promise<StaffMember[]> {
  const rng = new Rng(options.seed, 0x57aff);
  const { counselors, supervisors } = staffCounts(options.cases);
  // One real argon2id hash for everyone: nobody signs in with these accounts. Two-factor is required
  // for every role, so they are enrolled (with a secret nobody knows) as real staff would be.
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  const totpSecret = randomBase32(32);
  const staff: (StaffMember & { email: string; name: string })[] = [
    ...Array.from({ length: counselors }, (_, i) => ({
      id: rng.uuid(),
      role: 'counselor' as const,
      email: `counselor-${String(i + 1).padStart(4, '0')}@bench.madoguchi.invalid`,
      name: `相談員 ${String(i + 1).padStart(4, '0')}`,
    })),
    ...Array.from({ length: supervisors }, (_, i) => ({
      id: rng.uuid(),
      role: 'supervisor' as const,
      email: `supervisor-${String(i + 1).padStart(3, '0')}@bench.madoguchi.invalid`,
      name: `スーパーバイザー ${String(i + 1).padStart(3, '0')}`,
    })),
  ];
  await client.query(
    `INSERT INTO users (id, email, display_name, role, password_hash, created_at, updated_at, password_changed_at,
                        totp_enabled, totp_secret)
     SELECT t.id, t.email, t.name, t.role::"Role", $4, $5, $5, $5, true, $7
     FROM unnest($1::uuid[], $2::text[], $3::text[], $6::text[]) AS t(id, email, name, role)`,
    [
      staff.map((s) => s.id),
      staff.map((s) => s.email),
      staff.map((s) => s.name),
      passwordHash,
      options.createdAt,
      staff.map((s) => s.role),
      totpSecret,
    ],
  );
  const adminId = rng.uuid();
  await client.query(
    `INSERT INTO users (id, email, display_name, role, password_hash, totp_enabled, totp_secret, created_at, updated_at)
     VALUES ($1, 'admin@bench.madoguchi.invalid', '管理者 (Administrator)', 'admin', $2, true, $4, $3, $3)`,
    [adminId, passwordHash, options.createdAt, totpSecret],
  );
  return staff.map(({ id, role }) => ({ id, role }));
}

/** RFC 4648 base32 from random bytes (the TOTP secret format). */
function randomBase32(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % 32]).join('');
}

/** The most reported numbers and sites, as an admin would import a published fictitious-billing list. */
export async function insertRegistry(
  client: pg.Client,
  pools: IdentifierPools,
  createdAt: Date,
): Promise<number> {
  const entries = [
    ...pools.phones.slice(0, 300).map((digits) => normalizeIdentifier('phone', digits)),
    ...pools.urls.slice(0, 100).map((url) => normalizeIdentifier('url', url)),
  ].filter((e): e is NonNullable<typeof e> => e !== null);
  const admin = await client.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`);
  await client.query(
    `INSERT INTO registry_entries (id, kind, value, display, source, created_by_id, created_at, updated_at)
     SELECT gen_random_uuid(), t.kind::"IdentifierKind", t.value, t.display, '架空請求業者一覧 (bench)', $4, $5, $5
     FROM unnest($1::text[], $2::text[], $3::text[]) AS t(kind, value, display)
     ON CONFLICT (kind, value) DO NOTHING`,
    [
      entries.map((e) => e.kind),
      entries.map((e) => e.value),
      entries.map((e) => e.display),
      admin.rows[0]?.id ?? null,
      createdAt,
    ],
  );
  return entries.length;
}

export type BenchSession = { token: string; userId: string; role: string };

/** A live session for the first staff member of `role`, valid for a day; only the hash is stored. */
export async function openSession(
  client: pg.Client,
  role: 'counselor' | 'supervisor',
): Promise<BenchSession> {
  const user = await client.query<{ id: string }>(
    `SELECT id FROM users WHERE role = $1::"Role" AND active ORDER BY email LIMIT 1`,
    [role],
  );
  const userId = user.rows[0]?.id;
  if (!userId) {
    throw new Error(`No active ${role} in the benchmark database`);
  }
  const token = randomBytes(32).toString('base64url');
  const refresh = randomBytes(32).toString('base64url');
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  await client.query(
    `INSERT INTO sessions (id, user_id, access_token_hash, refresh_token_hash, mfa_pending,
       access_expires_at, refresh_expires_at, user_agent, created_at, last_seen_at)
     VALUES (gen_random_uuid(), $1, $2, $3, false, now() + interval '1 day', now() + interval '1 day', $4, now(), now())`,
    [userId, sha256(token), sha256(refresh), BENCH_USER_AGENT],
  );
  return { token, userId, role };
}
