import { Injectable } from '@nestjs/common';
import {
  decodeCursor,
  decodeDueCursor,
  encodeCursor,
  encodeDueCursor,
  type Prisma,
  type QueueFilter,
} from '@madoguchi/db';
import {
  CASE_STATUSES,
  normalizeIdentifier,
  queueExcerpt,
  tokyoMidnight,
  URGENCY_LEVELS,
  type TCaseCounts,
  type TCaseCreate,
  type TCaseCreated,
  type TCaseDetail,
  type TCaseIdentifierCreate,
  type TCaseIdentifierView,
  type TCaseLinkCreate,
  type TCaseLinkView,
  type TCaseList,
  type TCaseNote,
  type TCaseQuery,
  type TCaseSearch,
  type TCaseStatusChange,
  type TCaseSummary,
  type TCaseTimeline,
  type TCaseUpdate,
  type TConfirmCategories,
  type TContactLog,
  type TCreatePublicMessage,
  type TNormalizedIdentifier,
  type TTimelineItem,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { DeskService } from '../desk/desk.service';
import { responseTargetStampOf } from '../desk/response-target-stamp';
import { IntakeService } from '../intake/intake.service';
import { MaintenanceSweeps } from '../jobs/maintenance-sweeps';
import { NotificationsService } from '../notifications/notifications.service';
import { caseNotFound, fieldError, REASON_REQUIRED } from './case-errors';
import { loadCaseAt, resolveVersion, writeCaseAt } from './case-version';
import type { TAuditAction } from '../audit/audit-actions';
import { CaseWorkflowService } from './case-workflow.service';
import {
  buildTimeline,
  caseRef,
  compareTimelineItems,
  eventToTimelineItem,
  toCaseDetail,
  toCaseSummary,
  toIdentifierView,
  toQueueFollowUp,
} from './cases.mapper';
import { CasesRepository, type ResponseDueInput } from './cases.repository';
import { SearchIndex } from './search-index';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Response due times computed per sort=due read (the job does the rest of a large change). */
export const RESPONSE_DUE_BATCH = 2_000;
/** The maintenance_sweeps name of refreshStaleResponseTargets' walk. */
const RESPONSE_TARGET_SWEEP = 'response-targets';
/** Clocks differ a little between a counselor's PC and the server; more than this is a typo. */
const CONTACT_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The staff side of a case: queue, detail, timeline, workflow and the counselor's own fields.
 *
 * Access: every route is open to all staff (counselors, supervisors, admins), and a counselor may
 * work any case, not only those assigned to them: desks are small and cover for each other. Every
 * read of personal data and every write is in the audit log. Restricting counselors to their own
 * cases is a product decision, not made here.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly audit: AuditService,
    private readonly intake: IntakeService,
    private readonly workflow: CaseWorkflowService,
    private readonly desk: DeskService,
    private readonly notifications: NotificationsService,
    private readonly searchIndex: SearchIndex,
    private readonly sweeps: MaintenanceSweeps,
  ) {}

  /* ---------------------------------------------------------------------------------------- queue */

  /** GET /cases (filters only) and POST /cases/search (the same filters and the words in `q`). */
  async list(query: TCaseQuery | TCaseSearch, user: AuthUser, now = new Date()): Promise<TCaseList> {
    const byDue = 'sort' in query && query.sort === 'due';
    const after = query.cursor === undefined || byDue ? undefined : decodeCursor(query.cursor);
    const afterDue = query.cursor === undefined || !byDue ? undefined : decodeDueCursor(query.cursor);
    if (after === null || afterDue === null) {
      throw fieldError('cursor', 'invalid_format', {
        ja: '続きの位置(cursor)が正しくありません。一覧を最初から読み込み直してください',
        en: 'The cursor is not valid. Load the list again from the start',
      });
    }
    // The words, and what else they mean: a category they name, a receipt number without its hyphen.
    const search = query.q ? this.searchIndex.queueSearch(query.q) : undefined;
    const filter: QueueFilter = {
      statuses: query.status,
      urgencies: query.urgency,
      priorities: query.priority,
      categories: query.category,
      assigneeId: resolveAssignee(query.assignee, user),
      channels: query.channel,
      createdFrom: query.from === undefined ? undefined : startOf(query.from),
      createdBefore: query.to === undefined ? undefined : endOf(query.to),
      followUpOverdue: query.followUpOverdue,
      tags: query.tag,
      search,
      after,
      ...(byDue ? { sort: 'due' as const, afterDue } : {}),
      // One row more than asked tells whether there is a next page.
      limit: query.limit + 1,
      now,
    };
    if (byDue) {
      // Due times the database cleared (a new case, a priority change, new desk settings) are computed first.
      await this.refreshResponseDue();
    }
    const { rows, resumeAfter } = await this.repository.queue(filter);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const ids = page.map((row) => row.id);
    const [response, summaries, heads] = await Promise.all([
      this.desk.responseScorer(),
      this.repository.findSummaries(ids),
      this.repository.findExcerptHeads(ids),
    ]);
    const items = summaries.map((row) => {
      const head = heads.get(row.id);
      return {
        ...toCaseSummary(row, now),
        response: response(row),
        followUp: toQueueFollowUp(row, now),
        excerpt: head === undefined ? null : queueExcerpt(head),
      };
    });
    if (filter.search) {
      // Which cases a search surfaced is what a privacy review needs; the query itself (a phone
      // number, a name) is personal data and stays out of the append-only log.
      await this.audit.record({
        action: 'case.search',
        entity: 'case',
        meta: { terms: filter.search.terms.length, results: items.length, caseIds: items.map((i) => i.id) },
      });
    }
    return {
      items,
      nextCursor:
        rows.length > query.limit && last
          ? byDue
            ? encodeDueCursor({ dueAt: last.response_due_at ?? null, id: last.id })
            : encodeCursor({ priority: last.priority, createdAt: last.created_at, id: last.id })
          : resumeAfter
            ? encodeCursor(resumeAfter)
            : null,
      ...(query.counts ? { counts: await this.counts(user, now) } : {}),
    };
  }

  /**
   * Computes the response due times the database cleared (see migrations case_response_due and
   * case_response_target), at most `limit` cases of each kind, oldest first: those of open, unanswered cases
   * (the queue's sort=due) and, with `targets`, the response targets of any case (the statistics). The
   * response.scan job calls it every minute with targets, so a change of the desk's settings is worked off in
   * batches; a sort=due read calls it without. Returns how many cases changed.
   */
  async refreshResponseDue(
    limit = RESPONSE_DUE_BATCH,
    options: { targets: boolean } = { targets: false },
  ): Promise<number> {
    const cases = await this.repository.unsetResponseDue(limit, options);
    return cases.length === 0 ? 0 : this.storeResponseDue(cases);
  }

  /**
   * After a change of the desk's settings every stored response target is stale: computes them again under the
   * current settings, walking all cases (once per settings: the walk is recorded as finished under their
   * stamp, and skipped while it is), in receipt order. Returns how many cases changed.
   */
  async refreshStaleResponseTargets(limit = RESPONSE_DUE_BATCH): Promise<number> {
    const { settingsAt } = await this.desk.dueCalculator();
    const stamp = responseTargetStampOf(settingsAt);
    if (await this.sweeps.finished(RESPONSE_TARGET_SWEEP, stamp.toISOString())) {
      return 0;
    }
    let changed = 0;
    for (let after: Date | null = null; ;) {
      const upto = await this.repository.receivedSpan(after, limit);
      if (upto === null) {
        break;
      }
      const stale = await this.repository.staleResponseTargets(stamp, after, upto);
      changed += stale.length === 0 ? 0 : await this.storeResponseDue(stale);
      after = upto;
    }
    await this.sweeps.record(RESPONSE_TARGET_SWEEP, stamp.toISOString());
    return changed;
  }

  private async storeResponseDue(cases: ResponseDueInput[]): Promise<number> {
    const { settingsAt, dueAt } = await this.desk.dueCalculator();
    return this.repository.setResponseDue(
      cases.map((c) => ({ ...c, dueAt: dueAt(c) })),
      settingsAt,
    );
  }

  async counts(user: AuthUser, now = new Date()): Promise<TCaseCounts> {
    const counts: TCaseCounts = {
      byStatus: Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as TCaseCounts['byStatus'],
      open: 0,
      openByPriority: Object.fromEntries(URGENCY_LEVELS.map((u) => [u, 0])) as TCaseCounts['openByPriority'],
      unassignedOpen: 0,
      assignedToMeOpen: 0,
      followUpOverdue: 0,
    };
    const kept = await this.repository.counts(user.id, now);
    for (const row of kept.byStatusAndPriority) {
      counts.byStatus[row.status] += row.total;
      if (row.status !== 'closed') {
        counts.open += row.total;
        counts.openByPriority[row.priority] += row.total;
      }
    }
    counts.unassignedOpen = kept.unassignedOpen;
    counts.assignedToMeOpen = kept.assignedOpen;
    counts.followUpOverdue = kept.followUpOverdue;
    return counts;
  }

  /* ------------------------------------------------------------------------------ create and read */

  /** A consultation taken by phone (or in person): the intake's own normalisation, triage and storage. */
  async create(input: TCaseCreate): Promise<TCaseCreated> {
    const { body } = await this.intake.submit(input, undefined);
    const id = await this.repository.findIdByReceipt(body.receiptNumber);
    if (!id) {
      throw new AppError('internal', { message: `Case ${body.receiptNumber} vanished after creation` });
    }
    await this.audit.record({
      action: 'case.create',
      entity: 'case',
      entityId: id,
      caseId: id,
      meta: { channel: input.channel, urgency: body.triage.urgency },
    });
    return {
      receiptNumber: body.receiptNumber,
      accessCode: body.accessCode,
      case: await this.detailView(id),
    };
  }

  /** The full case, personal data included: the read is audited before anything is returned. */
  async detail(id: string): Promise<TCaseDetail> {
    const view = await this.detailView(id);
    await this.audit.recordView(id, { view: 'detail' });
    return view;
  }

  async timeline(id: string): Promise<TCaseTimeline> {
    if (!(await this.repository.exists(id))) {
      throw caseNotFound(id);
    }
    const items = buildTimeline(await this.repository.timeline(id));
    // Duplicates merged into this case keep their own rows; their timelines show here, marked as theirs.
    const { rows: merged } = await this.repository.findMergedCases(id);
    for (const duplicate of merged) {
      const fromCase = { id: duplicate.id, receiptNumber: duplicate.receiptNumber };
      items.push(
        ...buildTimeline(await this.repository.timeline(duplicate.id)).map((item) => ({ ...item, fromCase })),
      );
    }
    await this.audit.recordView(id, { view: 'timeline' });
    return { items: merged.length === 0 ? items : items.sort(compareTimelineItems) };
  }

  private async detailView(id: string, now = new Date()): Promise<TCaseDetail> {
    const row = await this.repository.findDetail(id);
    if (!row) {
      throw caseNotFound(id);
    }
    return toCaseDetail(row, await this.identifierViews(id, row.identifiers), now);
  }

  private async identifierViews(
    caseId: string,
    links: Parameters<typeof toIdentifierView>[0][],
  ): Promise<TCaseIdentifierView[]> {
    const [shared, registry] = await Promise.all([
      this.repository.sharedCases(
        caseId,
        links.map((l) => l.identifierId),
      ),
      this.repository.registryMatches(links.map((l) => l.identifier)),
    ]);
    return links.map((link) => toIdentifierView(link, shared, registry));
  }

  /* ----------------------------------------------------------------------------- versioned updates */

  async update(
    id: string,
    input: TCaseUpdate,
    ifMatch: string | undefined,
    user: AuthUser,
  ): Promise<TCaseSummary> {
    const version = resolveVersion(input.version, ifMatch);
    const current = await loadCaseAt(this.repository, id, version);
    const data: Prisma.CaseUncheckedUpdateManyInput = {};
    const events: { kind: 'assignment' | 'priority_change'; data: Prisma.InputJsonObject }[] = [];

    if (input.assigneeId !== undefined) {
      const assigneeId = input.assigneeId === 'me' ? user.id : input.assigneeId;
      if (
        assigneeId !== null &&
        assigneeId !== user.id &&
        !(await this.repository.findActiveStaff(assigneeId))
      ) {
        throw fieldError('assigneeId', 'not_found', {
          ja: 'この担当者は見つからないか、無効になっています',
          en: 'This staff member does not exist or is deactivated',
        });
      }
      if (assigneeId !== current.assigneeId) {
        data.assigneeId = assigneeId;
        events.push({ kind: 'assignment', data: { from: current.assigneeId, to: assigneeId } });
      }
    }
    if (input.priority !== undefined && input.priority !== current.priority) {
      data.priority = input.priority;
      events.push({
        kind: 'priority_change',
        data: { from: current.priority, to: input.priority, reason: input.priorityReason ?? null },
      });
    }
    if (input.tags !== undefined) {
      data.tags = [...new Set(input.tags)];
    }
    if (input.followUpAt !== undefined) {
      data.followUpAt = input.followUpAt === null ? null : new Date(input.followUpAt);
    }
    if (input.summary !== undefined) {
      data.summary = input.summary || null;
    }

    await this.repository.transaction(async (tx) => {
      await writeCaseAt(this.repository, tx, { id, version, data });
      for (const event of events) {
        await this.repository.addEvent(tx, {
          caseId: id,
          kind: event.kind,
          actorId: user.id,
          data: event.data,
        });
      }
      await this.audit.record(
        {
          action: 'case.update',
          entity: 'case',
          entityId: id,
          caseId: id,
          // Field names, not values: the summary may hold personal data, and the values are in the case.
          meta: { fields: Object.keys(data), version: version + 1 },
        },
        tx,
      );
    });
    if (typeof data.assigneeId === 'string') {
      // After the commit: the new assignee is told (never of their own self-assignment).
      await this.notifications.notify({
        kind: 'case.assigned',
        caseId: id,
        to: { userIds: [data.assigneeId] },
        actorId: user.id,
      });
    }
    return this.summary(id);
  }

  /** The status goes through the case workflow, the one place a case's status changes. */
  async changeStatus(
    id: string,
    input: TCaseStatusChange,
    ifMatch: string | undefined,
    user: AuthUser,
  ): Promise<TCaseSummary> {
    await this.workflow.changeStatus(id, input, resolveVersion(input.version, ifMatch), user);
    return this.summary(id);
  }

  /**
   * The counselor's categories. Triage's suggestion stays on the case; the event records both, the
   * rules that fired and whether the counselor overrode them, so rule accuracy can be measured.
   */
  async confirmCategories(
    id: string,
    input: TConfirmCategories,
    ifMatch: string | undefined,
    user: AuthUser,
  ): Promise<TCaseSummary> {
    const version = resolveVersion(input.version, ifMatch);
    const current = await loadCaseAt(this.repository, id, version);
    const suggested = current.suggestedCategories;
    const confirmed = input.categories;
    const overridden = !sameSet(suggested, confirmed);
    const reason = input.reason?.trim() || null;
    if (overridden && !reason) {
      throw fieldError('reason', 'reason_required', REASON_REQUIRED, { reason: 'reason_required' });
    }
    const triage = await this.repository.findIntakeTriage(id);
    const result = (triage?.result ?? {}) as { matchedRuleIds?: unknown };
    await this.repository.transaction(async (tx) => {
      await writeCaseAt(this.repository, tx, { id, version, data: { confirmedCategories: confirmed } });
      await this.repository.addEvent(tx, {
        caseId: id,
        kind: 'category_change',
        actorId: user.id,
        data: {
          suggested,
          confirmed,
          previous: current.confirmedCategories,
          reason,
          overridden,
          ruleIds: Array.isArray(result.matchedRuleIds) ? (result.matchedRuleIds as string[]) : [],
          ruleSetVersion: triage?.ruleSetVersion ?? null,
        },
      });
      await this.audit.record(
        {
          action: 'case.categories_confirm',
          entity: 'case',
          entityId: id,
          caseId: id,
          meta: { confirmed, overridden, version: version + 1 },
        },
        tx,
      );
    });
    return this.summary(id);
  }

  /* --------------------------------------------------------------------------- timeline appends */
  // Appends never overwrite anything, so they neither need nor bump the case version: a note must
  // not fail because a colleague changed the priority a moment earlier.

  async addNote(id: string, input: TCaseNote, user: AuthUser): Promise<TTimelineItem> {
    return this.append(id, user, { kind: 'note', data: { body: input.body } }, 'case.note_add', true);
  }

  async addContact(id: string, input: TContactLog, user: AuthUser, now = new Date()): Promise<TTimelineItem> {
    const occurredAt = new Date(input.occurredAt);
    if (occurredAt.getTime() > now.getTime() + CONTACT_CLOCK_SKEW_MS) {
      throw fieldError('occurredAt', 'in_future', {
        ja: 'これから先の日時は記録できません。日時を確かめてください',
        en: 'A contact cannot be logged in the future. Please check the date and time',
      });
    }
    const data: Prisma.InputJsonObject = {
      direction: input.direction,
      channel: input.channel,
      occurredAt: occurredAt.toISOString(),
      durationMinutes: input.durationMinutes ?? null,
      summary: input.summary,
    };
    return this.append(id, user, { kind: 'contact', data }, 'case.contact_add', true);
  }

  /** Shown on the person's status page (the intake module's status endpoint reads these). */
  async addPublicMessage(id: string, input: TCreatePublicMessage, user: AuthUser): Promise<TTimelineItem> {
    return this.append(
      id,
      user,
      { kind: 'public_message', data: { body: input.body }, public: true },
      'case.public_message_add',
      false,
    );
  }

  private async append(
    id: string,
    user: AuthUser,
    event: { kind: 'note' | 'contact' | 'public_message'; data: Prisma.InputJsonObject; public?: boolean },
    action: TAuditAction,
    searchable: boolean,
  ): Promise<TTimelineItem> {
    const created = await this.repository.transaction(async (tx) => {
      if (!(await this.repository.lockCase(tx, id))) {
        throw caseNotFound(id);
      }
      const row = await this.repository.addEvent(tx, { caseId: id, actorId: user.id, ...event });
      if (searchable) {
        await this.repository.refreshSearchDocument(tx, id);
      }
      await this.audit.record(
        { action, entity: 'case_event', entityId: row.id, caseId: id, meta: { kind: event.kind } },
        tx,
      );
      return row;
    });
    return eventToTimelineItem(created);
  }

  /* --------------------------------------------------------------------------------- identifiers */

  async addIdentifier(
    id: string,
    input: TCaseIdentifierCreate,
  ): Promise<{ identifiers: TCaseIdentifierView[] }> {
    const normalized = normalizeIdentifier(input.kind, input.value);
    if (!normalized) {
      throw fieldError('value', 'invalid_format', {
        ja: 'この種類の値として読み取れませんでした。書き方を確かめてください',
        en: 'This could not be read as a value of this kind. Please check it',
      });
    }
    const all: TNormalizedIdentifier[] = [normalized];
    // As at intake: a URL also yields its domain, so cases sharing only the site are found.
    const domain = normalized.kind === 'url' ? normalizeIdentifier('domain', normalized.value) : null;
    if (domain) {
      all.push(domain);
    }
    const links = await this.repository.transaction(async (tx) => {
      if (!(await this.repository.lockCase(tx, id))) {
        throw caseNotFound(id);
      }
      const rows = await this.repository.linkIdentifiers(tx, id, all);
      await this.repository.refreshSearchDocument(tx, id);
      await this.audit.record(
        {
          action: 'case.identifier_add',
          entity: 'case',
          entityId: id,
          caseId: id,
          meta: { identifierIds: rows.map((r) => r.identifierId) },
        },
        tx,
      );
      return rows;
    });
    return { identifiers: await this.identifierViews(id, links) };
  }

  async removeIdentifier(id: string, identifierId: string): Promise<void> {
    await this.repository.transaction(async (tx) => {
      if (!(await this.repository.lockCase(tx, id))) {
        throw caseNotFound(id);
      }
      if (!(await this.repository.unlinkIdentifier(tx, id, identifierId))) {
        throw new AppError('not_found', {
          message: `Identifier ${identifierId} is not on case ${id}`,
          userMessage: { ja: 'この相談にその識別子はありません。', en: 'This case has no such identifier.' },
        });
      }
      await this.repository.refreshSearchDocument(tx, id);
      await this.audit.record(
        {
          action: 'case.identifier_remove',
          entity: 'case',
          entityId: id,
          caseId: id,
          meta: { identifierId },
        },
        tx,
      );
    });
  }

  /* --------------------------------------------------------------------------------------- links */

  async addLink(id: string, input: TCaseLinkCreate, user: AuthUser): Promise<TCaseLinkView> {
    if (input.linkedCaseId === id) {
      throw fieldError('linkedCaseId', 'self_link', {
        ja: '同じ相談どうしは関連付けできません',
        en: 'A case cannot be linked to itself',
      });
    }
    if (!(await this.repository.exists(id))) {
      throw caseNotFound(id);
    }
    if (!(await this.repository.exists(input.linkedCaseId))) {
      throw fieldError('linkedCaseId', 'not_found', {
        ja: '関連付ける相談が見つかりません',
        en: 'The case to link was not found',
      });
    }
    if (await this.repository.findLink(id, input.linkedCaseId)) {
      throw new AppError('conflict', {
        message: 'The cases are already linked',
        userMessage: {
          ja: 'この2つの相談はすでに関連付けられています。',
          en: 'These cases are already linked.',
        },
        details: { reason: 'already_linked' },
      });
    }
    const link = await this.repository.transaction(async (tx) => {
      const created = await this.repository.createLink(tx, {
        caseId: id,
        linkedCaseId: input.linkedCaseId,
        note: input.note || null,
        createdById: user.id,
      });
      await this.audit.record(
        {
          action: 'case.link_add',
          entity: 'case',
          entityId: id,
          caseId: id,
          meta: { linkedCaseId: input.linkedCaseId },
        },
        tx,
      );
      return created;
    });
    return {
      ...caseRef(link.to),
      direction: 'outgoing',
      note: link.note,
      linkedAt: link.createdAt.toISOString(),
      linkedById: link.createdById,
    };
  }

  async removeLink(id: string, linkedCaseId: string): Promise<void> {
    await this.repository.transaction(async (tx) => {
      if (!(await this.repository.deleteLink(tx, id, linkedCaseId))) {
        throw new AppError('not_found', {
          message: `Cases ${id} and ${linkedCaseId} are not linked`,
          userMessage: { ja: 'この2つの相談は関連付けられていません。', en: 'These cases are not linked.' },
        });
      }
      await this.audit.record(
        { action: 'case.link_remove', entity: 'case', entityId: id, caseId: id, meta: { linkedCaseId } },
        tx,
      );
    });
  }

  /* ------------------------------------------------------------------------------------- helpers */

  private async summary(id: string): Promise<TCaseSummary> {
    const row = await this.repository.findSummary(id);
    if (!row) {
      throw caseNotFound(id);
    }
    return toCaseSummary(row, new Date());
  }
}

function resolveAssignee(assignee: TCaseQuery['assignee'], user: AuthUser): string | null | undefined {
  switch (assignee) {
    case undefined:
      return undefined;
    case 'me':
      return user.id;
    case 'unassigned':
      return null;
    default:
      return assignee;
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date means that day in Japan (the desks' time zone); an instant is taken as given. */
function startOf(value: string): Date {
  return DATE_ONLY.test(value) ? tokyoMidnight(value) : new Date(value);
}

/** Exclusive bound for an inclusive `to`: the next day's start, or the instant plus 1 ms (the stored precision). */
function endOf(value: string): Date {
  return new Date(startOf(value).getTime() + (DATE_ONLY.test(value) ? DAY_MS : 1));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
