import type { TFieldError, TLocalized, TPartnerLinkAction, TPartnerLinkAnswer } from '@madoguchi/shared';

export type TPartnerFormState =
  | { status: 'idle' }
  | {
      status: 'failed';
      /** New for every reply, so the error summary takes the focus again. */
      attempt: string;
      action: TPartnerLinkAction;
      /** details.reason of a refused link (partner_link_action_used…), absent for input errors. */
      reason?: string;
      message: TLocalized;
      fields: readonly TFieldError[];
      /** What was typed, to fill the form in again. */
      text: string;
    }
  | { status: 'done'; answer: TPartnerLinkAnswer };

export const INITIAL_PARTNER_STATE: TPartnerFormState = { status: 'idle' };

export type TPartnerAction = (previous: TPartnerFormState, form: FormData) => Promise<TPartnerFormState>;

/** The form field each action's text comes in, as the API's body names it. */
export const TEXT_FIELD = {
  acknowledge: 'note',
  complete: 'outcomeNote',
  decline: 'reason',
} as const satisfies Record<TPartnerLinkAction, string>;
