import type { TFieldError, TIntakeReceipt, TLocalized } from '@madoguchi/shared';

import type { TWindowView } from '../windows/window-view';
import type { TFuriganaMap } from './furigana-view';
import type { TIntakeFormValues } from './intake-form-data';

/** What the submit action hands back to the form (with JavaScript) or renders the page with (without). */
export type TIntakeFormState =
  | { status: 'editing'; values: TIntakeFormValues }
  | {
      status: 'failed';
      /** Different for every reply, so the form re-renders from `values` and the summary takes focus again. */
      attempt: string;
      values: TIntakeFormValues;
      /** The key for the next try: the same one unless the last was spent (see the action). */
      idempotencyKey: string;
      message: TLocalized;
      fields: readonly TFieldError[];
      /** The service could not take it (overload, outage): the form offers phone numbers to call now. */
      unavailable?: boolean;
      /** How long the service asked to wait before sending again (its Retry-After), when it said. */
      retryAfterSeconds?: number;
    }
  | {
      status: 'submitted';
      receipt: TIntakeReceipt;
      /** The recommended windows, in the triage's order, with their phones and hours. */
      windows: readonly TWindowView[];
      age: number | undefined;
      /** The answer to "have court papers come?": a "no" gets a note on what to do if they come later. */
      courtPapersReceived: boolean | undefined;
      /** Readings for the receipt's texts when a child will read it (15 or younger, or writing as a child). */
      furigana?: TFuriganaMap;
    };

export const INITIAL_INTAKE_STATE: TIntakeFormState = { status: 'editing', values: {} };

export type TIntakeAction = (previous: TIntakeFormState, form: FormData) => Promise<TIntakeFormState>;
