// Test data for the web app's tests: the real seed directory and the real triage rules, so the
// components are exercised with what the API would send rather than a hand-made copy that could drift.
import {
  isOpenAt,
  nextOpenAt,
  normalizeIntake,
  type TIntakeDraftInput,
  type TTriageResult,
  ZIntakeDraft,
} from '@madoguchi/shared';
import { triage } from '@madoguchi/shared/triage';

import { loadSeedWindows } from '../../../../packages/shared/src/testing/seed-windows';
import type { TWindowView } from '../windows/window-view';

/** A Monday morning in Tokyo: most windows are open. */
export const MONDAY_MORNING = new Date('2026-11-30T10:00:00+09:00');

export const SEED_WINDOWS = loadSeedWindows();

export function windowViews(now: Date = MONDAY_MORNING): TWindowView[] {
  return SEED_WINDOWS.map((window) => {
    const open = isOpenAt(window, now);
    const next = open === false ? nextOpenAt(window, now) : null;
    return { ...window, openNow: open, nextOpenAt: next ? next.toISOString() : null };
  });
}

/** What POST /triage/preview answers for a draft. */
export function triageFor(draft: TIntakeDraftInput, now: Date = MONDAY_MORNING): TTriageResult {
  return triage(normalizeIntake(ZIntakeDraft.parse(draft)), SEED_WINDOWS, now);
}
