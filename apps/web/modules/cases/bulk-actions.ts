'use server';

import { contract, type TCaseBulkReply, type TLocalized } from '@madoguchi/shared';

import { requireStaff } from '../../lib/auth';
import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import { UNASSIGN, type TBulkState } from './bulk-state';

const NOTHING_SELECTED: TLocalized = {
  ja: '変更する相談を1件以上選んでください',
  en: 'Select at least one case to change',
};

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** The action the pressed button names, with the fields that go with it (checked by the route's schema). */
function actionOf(form: FormData): unknown {
  switch (field(form, 'kind')) {
    case 'assign': {
      const assignee = field(form, 'assigneeId');
      return { kind: 'assign', assigneeId: assignee === UNASSIGN ? null : assignee };
    }
    case 'status': {
      const reason = field(form, 'reason');
      return { kind: 'status', status: field(form, 'status'), ...(reason ? { reason } : {}) };
    }
    case 'tag':
      return { kind: 'tag', tag: field(form, 'tag') };
    default:
      return undefined;
  }
}

function summaryOf(reply: TCaseBulkReply): TLocalized {
  if (reply.refused === 0) {
    return { ja: `${reply.applied}件を変更しました。`, en: `${reply.applied} changed.` };
  }
  return {
    ja: `${reply.applied}件を変更しました。${reply.refused}件は変更できませんでした(下の一覧)。`,
    en: `${reply.applied} changed; ${reply.refused} could not be changed (listed below).`,
  };
}

/**
 * The queue's bulk form (a plain form POST without JavaScript, in place with it): the selected cases and one
 * action go to POST /cases/bulk, which applies the single action's rules to each case and says which were
 * refused and why. The queue is revalidated, so the new assignees, statuses and tags show at once.
 */
export async function bulkUpdateCases(previous: TBulkState, form: FormData): Promise<TBulkState> {
  await requireStaff();
  const attempt = previous.status === 'done' ? previous.attempt + 1 : 1;
  const caseIds = form.getAll('caseId').filter((id): id is string => typeof id === 'string');
  let result: TActionResult<TCaseBulkReply>;
  if (caseIds.length === 0) {
    result = invalid([{ path: 'caseIds', code: 'required', message: NOTHING_SELECTED }], NOTHING_SELECTED);
  } else {
    result = await sendAction(contract.supervision.bulk, {
      body: { caseIds, action: actionOf(form) },
      revalidate: '/cases',
      success: (reply) => succeeded(summaryOf(reply), reply),
    });
  }
  return { status: 'done', attempt, result };
}
