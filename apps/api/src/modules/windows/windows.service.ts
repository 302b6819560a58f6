import { Injectable } from '@nestjs/common';
import {
  can,
  isOpenAt,
  nextOpenAt,
  takesReportsAnyTime,
  type TReferralWindow,
  type TTroubleCategory,
  type TUpdateReferralWindow,
  type TWindowView,
} from '@madoguchi/shared';
import { AuditService } from '../audit/audit.service';
import { currentContext } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { validationError } from '../../common/validation';
import { ZReferralWindow } from '@madoguchi/shared';
import { toReferralWindow, toWindowUpdate } from './windows.mapper';
import { WindowsRepository } from './windows.repository';

/**
 * Triage reads the directory on every intake; a short cache keeps that off the database. Every change is announced
 * by the database (DirectoryChangesListener), which drops the cache of every process at once; the expiry only
 * bounds staleness while that listener is disconnected.
 */
const CACHE_MS = 30_000;

@Injectable()
export class WindowsService {
  private cache: { at: number; windows: TReferralWindow[] } | undefined;
  /** Bumped by invalidate(): a read that started before a change must not cache what it read. */
  private generation = 0;

  constructor(
    private readonly repository: WindowsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Every window, active or not (triage itself skips inactive ones). */
  async directory(now = Date.now()): Promise<TReferralWindow[]> {
    if (this.cache && now - this.cache.at < CACHE_MS) {
      return this.cache.windows;
    }
    const generation = this.generation;
    const windows = (await this.repository.findAll()).map(toReferralWindow);
    if (generation === this.generation) {
      this.cache = { at: now, windows };
    }
    return windows;
  }

  private assertAdmin(): true {
    if (!canManageWindows()) {
      throw new AppError('forbidden', { message: 'includeInactive is for admins' });
    }
    return true;
  }

  /** Called when the directory changed (here or in another process), so triage sees the change at once. */
  invalidate(): void {
    this.generation += 1;
    this.cache = undefined;
  }

  async list(
    filter: { category?: TTroubleCategory; openNow?: boolean; includeInactive?: boolean },
    now = new Date(),
  ): Promise<TWindowView[]> {
    const includeInactive = filter.includeInactive === true && this.assertAdmin();
    const views = (await this.directory(now.getTime()))
      .filter((w) => w.active || includeInactive)
      .filter((w) => !filter.category || w.categories.includes(filter.category))
      .map((w) => withOpening(w, now));
    if (filter.openNow === undefined) {
      return views;
    }
    // Web forms that take reports at any hour count as open: at night a phishing report still has somewhere to go.
    const openNow = (w: TWindowView) => w.openNow === true || takesReportsAnyTime(w);
    return views.filter((w) => openNow(w) === filter.openNow);
  }

  /** Admin edit; the result is validated as a whole window before it is stored. */
  async update(slug: string, input: TUpdateReferralWindow, now = new Date()): Promise<TWindowView> {
    const row = await this.repository.findBySlug(slug);
    if (!row) {
      throw new AppError('not_found', { message: `No window ${slug}` });
    }
    const merged = ZReferralWindow.safeParse({ ...toReferralWindow(row), ...input });
    if (!merged.success) {
      throw validationError(merged.error);
    }
    const updated = await this.repository.update(slug, toWindowUpdate(input));
    this.invalidate();
    await this.audit.record({
      action: 'window.update',
      entity: 'referral_window',
      entityId: slug,
      // Field names only: the referral address itself is not logged.
      meta: { fields: Object.keys(input) },
    });
    return withOpening(toReferralWindow(updated), now);
  }

  async get(slug: string, now = new Date()): Promise<TWindowView> {
    const row = await this.repository.findBySlug(slug);
    // Admins see deactivated windows too, so they can edit and reactivate them.
    if (!row || (!row.active && !canManageWindows())) {
      throw new AppError('not_found', {
        message: `No window ${slug}`,
        userMessage: {
          ja: 'この相談窓口は見つかりませんでした。',
          en: 'This consultation window was not found.',
        },
      });
    }
    return withOpening(toReferralWindow(row), now);
  }
}

/** Those who edit the directory also see deactivated windows (to edit and reactivate them). */
function canManageWindows(): boolean {
  return can(currentContext()?.user?.role, 'windows.manage');
}

function withOpening(window: TReferralWindow, now: Date): TWindowView {
  const open = isOpenAt(window, now);
  // nextOpenAt answers "now" while open; the directory shows the next opening only when closed.
  const next = open === false ? nextOpenAt(window, now) : null;
  // The referral address is agreed between the desk and the window: only those who edit windows see it here.
  const { referralEmail, ...facts } = window;
  return {
    ...facts,
    ...(canManageWindows() ? { referralEmail: referralEmail ?? null } : {}),
    openNow: open,
    nextOpenAt: next ? next.toISOString() : null,
  };
}
