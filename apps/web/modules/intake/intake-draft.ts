import type { TIntakeFormValues } from './intake-form-data';

/*
 * The consultation form's draft, kept in this tab only. Phones are shared: a story about stalking or
 * bullying must not outlive the tab, so the draft lives in sessionStorage (gone when the tab closes),
 * never in localStorage or a cookie, and never travels to the server before the person sends it.
 */

export const INTAKE_DRAFT_KEY = 'madoguchi.intake-draft.v1';

export type TIntakeDraft = {
  /** The step shown (0-based). */
  step: number;
  /** The furthest step reached through "next" (its checks passed): a reload or Forward may go up to it. */
  reached: number;
  values: TIntakeFormValues;
};

/** The tab's storage, or undefined where there is none (server, storage switched off, some private modes). */
function tabStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    // Reading the property itself throws when the browser blocks storage for the site.
    return undefined;
  }
}

const isStep = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 100;

function isValues(value: unknown): value is TIntakeFormValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  return Object.values(value).every(
    (entry) =>
      typeof entry === 'string' || (Array.isArray(entry) && entry.every((item) => typeof item === 'string')),
  );
}

/** The draft saved in this tab, or undefined when there is none or it cannot be read (then it is dropped). */
export function loadIntakeDraft(storage: Storage | undefined = tabStorage()): TIntakeDraft | undefined {
  if (!storage) {
    return undefined;
  }
  try {
    const raw = storage.getItem(INTAKE_DRAFT_KEY);
    if (raw === null) {
      return undefined;
    }
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null) {
      const { step, reached, values } = parsed as Record<string, unknown>;
      if (isStep(step) && isStep(reached) && isValues(values)) {
        return { step: Math.min(step, reached), reached, values };
      }
    }
  } catch {
    // Unreadable JSON or blocked storage: start afresh.
  }
  clearIntakeDraft(storage);
  return undefined;
}

/** Saves the draft; returns false when the browser refuses (full or blocked storage): the form still works. */
export function saveIntakeDraft(draft: TIntakeDraft, storage: Storage | undefined = tabStorage()): boolean {
  if (!storage) {
    return false;
  }
  try {
    storage.setItem(INTAKE_DRAFT_KEY, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearIntakeDraft(storage: Storage | undefined = tabStorage()): void {
  try {
    storage?.removeItem(INTAKE_DRAFT_KEY);
  } catch {
    // Nothing was stored where storage is blocked.
  }
}

/**
 * Puts saved values back into the form's (uncontrolled) fields: text, selects, radios and checkboxes.
 * Fields the values do not name are emptied, so the form shows exactly the draft.
 */
export function fillForm(form: HTMLFormElement, values: TIntakeFormValues): void {
  for (const element of Array.from(form.elements)) {
    if (
      !(element instanceof HTMLInputElement) &&
      !(element instanceof HTMLTextAreaElement) &&
      !(element instanceof HTMLSelectElement)
    ) {
      continue;
    }
    const { name } = element;
    if (!name || name === 'idempotencyKey' || name.startsWith('$ACTION')) {
      continue;
    }
    const saved = values[name];
    const list = typeof saved === 'string' ? [saved] : (saved ?? []);
    if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) {
      element.checked = list.includes(element.value);
    } else if (element instanceof HTMLInputElement && element.type === 'hidden') {
      continue;
    } else {
      element.value = list[0] ?? '';
      // A filled box inside a closed disclosure (the other side's details) is shown, not left hidden.
      const disclosure = element.closest('details');
      if (element.value !== '' && disclosure) {
        disclosure.open = true;
      }
    }
  }
}
