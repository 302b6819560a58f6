import type { TActionResult } from '../dashboard/action-result';

/** The retention form: nothing sent yet, or the result of the last try (shown in the form). */
export type TRetentionState = { status: 'idle' } | { status: 'done'; result: TActionResult };

export const INITIAL_RETENTION_STATE: TRetentionState = { status: 'idle' };

export type TRetentionAction = (previous: TRetentionState, form: FormData) => Promise<TRetentionState>;
