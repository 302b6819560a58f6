import type { TActionResult } from '../dashboard/action-result';

/** One request's decision form: nothing sent yet, decided, or the refusal of the last try (shown in the form). */
export type TPersonRequestDecisionState =
  | { status: 'idle' }
  | { status: 'decided'; result: TActionResult }
  | { status: 'failed'; result: TActionResult };

export const INITIAL_PERSON_REQUEST_DECISION_STATE: TPersonRequestDecisionState = { status: 'idle' };

export type TPersonRequestDecisionAction = (
  previous: TPersonRequestDecisionState,
  form: FormData,
) => Promise<TPersonRequestDecisionState>;
