import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DbClient } from './client';
import { enrolCodeHash, newEnrolCode } from './enrol-code';
import { hashPassword } from './password';
import { repoRoot } from './paths';

type SeedWindow = {
  slug: string;
  name: { ja: string; en: string };
  operator: string;
  phones: unknown[];
  url?: string | null;
  channels: string[];
  hours: unknown;
  closures: unknown;
  eligibility: unknown;
  categories: string[];
  notes: unknown;
  verified: boolean;
  lastVerifiedAt: string;
  active: boolean;
};

export async function readSeedWindows(): Promise<SeedWindow[]> {
  const file = path.join(repoRoot, 'prisma', 'seed', 'data', 'windows.json');
  return JSON.parse(await readFile(file, 'utf8')) as SeedWindow[];
}

/**
 * Inserts the reference data that is missing. Existing windows are left alone: admins edit hours
 * and phone numbers in the dashboard, and a restart must never undo their edits.
 */
export async function seedReferenceData(db: DbClient): Promise<{ windowsAdded: number }> {
  const windows = await readSeedWindows();
  const result = await db.referralWindow.createMany({
    skipDuplicates: true,
    data: windows.map((w) => ({
      slug: w.slug,
      nameJa: w.name.ja,
      nameEn: w.name.en,
      operator: w.operator,
      phones: w.phones as object[],
      url: w.url ?? null,
      channels: w.channels,
      hours: w.hours as object,
      closures: w.closures as object,
      eligibility: w.eligibility as object,
      categories: w.categories,
      notes: w.notes as object,
      verified: w.verified,
      lastVerifiedAt: new Date(`${w.lastVerifiedAt}T00:00:00Z`),
      active: w.active,
    })),
  });
  return { windowsAdded: result.count };
}

export type FirstAdmin =
  | { created: false }
  | { created: true; email: string; generatedPassword: string | null; generatedEnrolCode: string | null };

/** How long the first admin's generated password and enrolment code work. */
const FIRST_ADMIN_VALID_MS = 30 * 24 * 60 * 60_000;

/**
 * Creates the first admin when there are no staff accounts yet. With MADOGUCHI_ADMIN_EMAIL and
 * MADOGUCHI_ADMIN_PASSWORD (automated deployments) those are used; otherwise a random password is
 * generated and returned once for printing. There is never a fixed default password. Likewise the
 * one-time code for enrolling two-factor: MADOGUCHI_ADMIN_ENROL_CODE, or generated and printed once.
 */
export async function ensureFirstAdmin(
  db: DbClient,
  env: { email?: string; password?: string; enrolCode?: string } = {},
): Promise<FirstAdmin> {
  if ((await db.user.count()) > 0) {
    return { created: false };
  }
  const email = (env.email ?? 'admin@madoguchi.local').trim().toLowerCase();
  const generatedPassword = env.password ? null : randomBytes(15).toString('base64url');
  const password = env.password ?? generatedPassword!;
  if (password.length < 12) {
    throw new Error('MADOGUCHI_ADMIN_PASSWORD must be at least 12 characters long.');
  }
  if (env.enrolCode !== undefined && env.enrolCode.replace(/[^0-9A-Za-z]/g, '').length < 8) {
    throw new Error('MADOGUCHI_ADMIN_ENROL_CODE must have at least 8 letters or digits.');
  }
  // Two-factor is required for admins, and enrolling it needs this one-time code besides the password.
  const generatedEnrolCode = env.enrolCode ? null : newEnrolCode();
  const now = Date.now();
  await db.user.create({
    data: {
      email,
      displayName: '管理者 (Administrator)',
      role: 'admin',
      passwordHash: await hashPassword(password),
      // A generated password is a temporary one: changed at the first sign-in, unusable after 30 days.
      passwordTemporaryUntil: generatedPassword ? new Date(now + FIRST_ADMIN_VALID_MS) : null,
      enrolCodeHash: enrolCodeHash(env.enrolCode ?? generatedEnrolCode!),
      enrolCodeExpiresAt: new Date(now + FIRST_ADMIN_VALID_MS),
    },
  });
  return { created: true, email, generatedPassword, generatedEnrolCode };
}
