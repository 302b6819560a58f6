import type { TFieldError, TIntakeStatus, TLocalized } from '@madoguchi/shared';

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
  | { status: 'found'; result: TIntakeStatus };

export const INITIAL_STATUS_STATE: TStatusFormState = {
  status: 'idle',
  values: { receiptNumber: '', accessCode: '' },
};

export type TStatusAction = (previous: TStatusFormState, form: FormData) => Promise<TStatusFormState>;
