import type { TCaseBulkReply } from '@madoguchi/shared';

import type { TActionResult } from '../dashboard/action-result';

/** The queue's bulk form: nothing sent yet, or the last batch's result (attempt: a new one each time). */
export type TBulkState =
  { status: 'idle' } | { status: 'done'; attempt: number; result: TActionResult<TCaseBulkReply> };

export const INITIAL_BULK_STATE: TBulkState = { status: 'idle' };

export type TBulkAction = (previous: TBulkState, form: FormData) => Promise<TBulkState>;

/** The select's value for "no assignee" (a form field cannot carry null). */
export const UNASSIGN = 'none';
