import { ROLES, type TRole } from './auth-api.schema';

/**
 * Who may do what: declared once, used by the API's guard (through each route's contract), by services
 * that vary what they show by role, and by the web's menu and pages. The route × role matrix test in
 * apps/api/test/route-access.e2e-spec.ts checks the result independently.
 */
const STAFF = ROLES;
const SUPERVISORS = ['supervisor', 'admin'] as const satisfies readonly TRole[];
const ADMIN = ['admin'] as const satisfies readonly TRole[];

export const PERMISSIONS = {
  /** Work cases: the queue, a case, notes, calls, messages, referrals, phone intakes. */
  'cases.work': STAFF,
  /**
   * Merge a duplicate case into another and undo it within the undo window: whoever may edit both cases, which
   * today is every staff member (counselors work any case, see CasesService). Its own permission so a desk that
   * restricts merging later changes one line.
   */
  'cases.merge': STAFF,
  /** The scam registry (read) and the staff directory (assignees). */
  'registry.read': STAFF,
  'users.directory': STAFF,
  /** One's own account: session, password, two-factor, recovery codes. */
  'account.manage': STAFF,
  /** One's own notifications (bell, list, mark read) and their e-mail preferences. */
  'notifications.own': STAFF,
  /** Turning two-factor off: never for admins, whose accounts guard everyone else's. */
  'account.disableTotp': ['counselor', 'supervisor'],
  'reports.read': SUPERVISORS,
  /** Everyone's workload and the review queue (reviewing counselors' cases). */
  'cases.supervise': SUPERVISORS,
  'audit.read': SUPERVISORS,
  'registry.manage': ADMIN,
  'users.manage': ADMIN,
  /** Edit the window directory; also see deactivated windows in it. */
  'windows.manage': ADMIN,
  'security.manage': ADMIN,
  /** The desk's opening hours and response targets. */
  'desk.manage': ADMIN,
  /** Message and note templates: create, edit, deactivate (every staff member uses the active ones). */
  'templates.manage': ADMIN,
  /** Background jobs' health: queue counts and failed jobs with their errors. */
  'jobs.read': ADMIN,
  /** The notification e-mails' outbox: status, attempts and errors (no personal data in them). */
  'mail.read': ADMIN,
  /**
   * The register of personal-information files (個人情報ファイル簿) and the exposure report after a leak. A case's
   * disclosure record is `cases.work`: counselors answer the person's disclosure requests.
   */
  'privacy.manage': ADMIN,
  /** Delete a case's evidence file, with a reason (issue 16): its bytes go, a tombstone stays. */
  'evidence.delete': ADMIN,
  /** Set a case's retention class, and place or release a legal hold with a reason (issue 17 item 2). */
  'cases.retention': SUPERVISORS,
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;
/** A route's audience: anyone, or the roles of one permission. */
export type TAccess = 'public' | TPermission;
export type TAudience = 'public' | TRole;

export function can(role: TRole | null | undefined, permission: TPermission): boolean {
  return role !== null && role !== undefined && (PERMISSIONS[permission] as readonly TRole[]).includes(role);
}

export function audiencesOf(access: TAccess): [TAudience, ...TAudience[]] {
  return access === 'public' ? ['public'] : ([...PERMISSIONS[access]] as [TAudience, ...TAudience[]]);
}
