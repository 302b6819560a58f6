import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fromTokyoWallClock } from '../tokyo-time';
import { type TReferralWindow, ZReferralWindow } from '../windows';

// Test-only helper (not exported from the package): the seed file is the directory the app ships with, so the
// domain is tested against the real data rather than a hand-made copy that could drift.
export const SEED_WINDOWS_PATH = join(__dirname, '../../../../prisma/seed/data/windows.json');

export function readSeedWindowsJson(): unknown {
  return JSON.parse(readFileSync(SEED_WINDOWS_PATH, 'utf8'));
}

export function loadSeedWindows(): TReferralWindow[] {
  return ZReferralWindow.array().parse(readSeedWindowsJson());
}

export function seedWindow(slug: string): TReferralWindow {
  const window = loadSeedWindows().find((candidate) => candidate.slug === slug);
  if (!window) {
    throw new Error(`seed window ${slug} not found`);
  }
  return window;
}

/** A Tokyo wall-clock time as an instant, e.g. tokyo('2026-11-03T10:00'). */
export const tokyo = fromTokyoWallClock;
