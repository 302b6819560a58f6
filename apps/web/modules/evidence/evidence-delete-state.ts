import type { TActionResult } from '../dashboard/action-result';

/** One file's delete form: nothing sent yet, deleted, or the refusal of the last try (shown in the form). */
export type TEvidenceDeleteState =
  | { status: 'idle' }
  | { status: 'deleted'; result: TActionResult }
  | { status: 'failed'; result: TActionResult };

export const INITIAL_EVIDENCE_DELETE_STATE: TEvidenceDeleteState = { status: 'idle' };

export type TEvidenceDeleteAction = (
  previous: TEvidenceDeleteState,
  form: FormData,
) => Promise<TEvidenceDeleteState>;
