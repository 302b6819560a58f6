import { Injectable } from '@nestjs/common';
import {
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_RESPONSE_TARGETS,
  rememberingDays,
  responseDue,
  responseState,
  ZDeskSettings,
  type TCaseResponse,
  type TDeskSettings,
  type TUrgency,
} from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { AuditService } from '../audit/audit.service';
import { DeskRepository } from './desk.repository';

/** Read at most this often: another API process sees an admin's change within half a minute. */
const CACHE_MS = 30_000;

const DEFAULTS: TDeskSettings = { schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS };

/**
 * The settings as read from one row: `settingsAt` is its updated_at (null: the defaults), which due times computed
 * from them carry; `calendar` is the schedule with each day's hours worked out once (batches of due times).
 */
type SettingsCopy = { settings: TDeskSettings; settingsAt: Date | null; calendar: TDeskSettings['schedule'] };

function dueUnder(copy: SettingsCopy, priority: TUrgency, receivedAt: Date): Date | null {
  return responseDue(copy.calendar, copy.settings.targets[priority], receivedAt).dueAt;
}

/** The desk's opening hours and response targets, and where a case stands against them. */
@Injectable()
export class DeskService {
  private cached: (SettingsCopy & { at: number }) | undefined;

  constructor(
    private readonly repository: DeskRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async settings(): Promise<TDeskSettings> {
    return (await this.cachedCopy()).settings;
  }

  private async cachedCopy(): Promise<SettingsCopy> {
    const now = this.clock.now().getTime();
    if (this.cached && now >= this.cached.at && now - this.cached.at < CACHE_MS) {
      return this.cached;
    }
    this.cached = { at: now, ...(await this.read()) };
    return this.cached;
  }

  /** The settings as stored now (not cached), with the row's updated_at and their calendar. */
  private async read(): Promise<SettingsCopy> {
    const row = await this.repository.findStamped();
    // Only this service writes the row, always validated: a row that no longer parses is a defect, not a default.
    const settings = row ? ZDeskSettings.parse({ schedule: row.schedule, targets: row.targets }) : DEFAULTS;
    return { settings, settingsAt: row?.updatedAt ?? null, calendar: rememberingDays(settings.schedule) };
  }

  /**
   * The response due time of a case received at `receivedAt` with `priority`, for the intake to store with the
   * case (one write instead of the insert and a later update of every index): from the cached copy, with the
   * updated_at of the settings it came from. The insert stores it only if those are still the settings in the
   * database (CasesRepository.insertIntakeCase); a copy another process has replaced leaves it to
   * CasesService.refreshResponseDue.
   */
  async intakeDue(
    priority: TUrgency,
    receivedAt: Date,
  ): Promise<{ dueAt: Date | null; settingsAt: Date | null }> {
    const copy = await this.cachedCopy();
    return { dueAt: dueUnder(copy, priority, receivedAt), settingsAt: copy.settingsAt };
  }

  /**
   * The settings read now (not cached), with the updated_at of the row they came from (null: the defaults), and
   * a function giving a case's response due time under them: for storing due times (cases.response_due_at),
   * which must not be computed from a copy another process has already replaced.
   */
  async dueCalculator(): Promise<{
    settingsAt: Date | null;
    dueAt: (c: { priority: TUrgency; createdAt: Date }) => Date | null;
  }> {
    const copy = await this.read();
    return { settingsAt: copy.settingsAt, dueAt: (c) => dueUnder(copy, c.priority, c.createdAt) };
  }

  /** An admin's change, audited with the settings before and after. */
  async update(settings: TDeskSettings): Promise<TDeskSettings> {
    const before = await this.settings();
    await this.repository.save(settings);
    this.cached = undefined;
    await this.audit.record({
      action: 'desk.settings_changed',
      entity: 'desk_settings',
      meta: { before, after: settings },
    });
    return this.settings();
  }

  /**
   * A scorer for a page of the queue: one read of the settings and one "now" for every row, so the rows
   * agree with each other. The target follows the case's priority, the order the queue works in.
   */
  async responseScorer(): Promise<
    (c: { priority: TUrgency; createdAt: Date; firstResponseAt: Date | null }) => TCaseResponse
  > {
    const { schedule, targets } = await this.settings();
    const now = this.clock.now();
    return (c) => {
      const state = responseState(schedule, targets[c.priority], c.createdAt, now, c.firstResponseAt);
      return {
        dueAt: state.dueAt?.toISOString() ?? null,
        waitingMs: state.waitingMs,
        leftMs: state.leftMs,
        overdue: state.overdue,
        arrivedWhileClosed: state.arrivedWhileClosed,
        met: state.met,
      };
    };
  }
}
