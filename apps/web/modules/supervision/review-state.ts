import type { TActionResult } from '../dashboard/action-result';

/** One row's review form: nothing sent yet, or the refusal of the last try (a success leaves the page). */
export type TReviewState = { status: 'idle' } | { status: 'failed'; attempt: number; result: TActionResult };

export const INITIAL_REVIEW_STATE: TReviewState = { status: 'idle' };

export type TReviewAction = (previous: TReviewState, form: FormData) => Promise<TReviewState>;
