import type { TFieldError, TIntakeStatus, TLocalized, TPersonRequestKind } from '@madoguchi/shared';

import type { TFuriganaMap } from '../intake/furigana-types';

export type TStatusFormValues = { receiptNumber: string; accessCode: string };

export type TStatusFormState =
  | { status: 'idle'; values: TStatusFormValues }
  | {
      status: 'failed';
      attempt: string;
      /** The API's code: not_found (wrong pair, also during back-off), rate_limited, validation_failed… */
      code: string;
      values: TStatusFormValues;
      message: TLocalized;
      fields: readonly TFieldError[];
    }
  | {
      status: 'found';
      result: TIntakeStatus;
      /** Sent back with a reply (hidden fields, in the POST body: never in a URL). */
      credentials: TStatusFormValues;
      /** The Idempotency-Key of the reply form on this page (a hidden field). */
      replyKey: string;
      /** The outcome of the person's last reply, if they just sent one. */
      reply?: TReplyOutcome;
      /** The outcome of the person's last correction or deletion request, if they just sent one. */
      request?: TPersonRequestOutcome;
      /** Readings of the page's texts: set when it shows furigana. */
      furigana?: TFuriganaMap;
    };

export type TReplyOutcome =
  | { status: 'sent'; attempt: string }
  | {
      status: 'failed';
      attempt: string;
      /** validation_failed, conflict (the case is closed), rate_limited, unavailable… */
      code: string;
      message: TLocalized;
      fields: readonly TFieldError[];
      /** What the person typed, shown again. */
      body: string;
    };

export type TPersonRequestOutcome =
  | { status: 'sent'; attempt: string; kind: TPersonRequestKind }
  | {
      status: 'failed';
      attempt: string;
      kind: TPersonRequestKind;
      /** validation_failed, conflict (a deletion already waits, the data was deleted), rate_limited… */
      code: string;
      message: TLocalized;
      fields: readonly TFieldError[];
      /** What the person typed, shown again. */
      text: string;
    };

export const INITIAL_STATUS_STATE: TStatusFormState = {
  status: 'idle',
  values: { receiptNumber: '', accessCode: '' },
};

export type TStatusAction = (previous: TStatusFormState, form: FormData) => Promise<TStatusFormState>;
