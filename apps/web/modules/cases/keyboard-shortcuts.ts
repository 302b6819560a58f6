/*
 * Single-key shortcuts for the staff pages (the queue's j/k, the case page's n/c/m/s/a, `?` for the list).
 * A key only counts when nobody is typing: in a text field, a select or an editable region it is the
 * counselor's text, and with Ctrl/Alt/Meta it belongs to the browser or the screen reader.
 */

/** One shortcut as the `?` overlay lists it. */
export type TShortcut = {
  /** KeyboardEvent.key, e.g. 'n' or '?'. */
  key: string;
  /** What it does, in Japanese and English. */
  ja: string;
  en: string;
};

/** The key that opens the list of shortcuts on every page that has them. */
export const HELP_KEY = '?';

/** An editable region (a rich-text box): isContentEditable, or its attribute where that is not implemented. */
function isEditable(target: HTMLElement): boolean {
  return (
    target.isContentEditable ||
    target.closest('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]') !==
      null
  );
}

/** Keys typed into a form field are the person's text, never shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) {
    return false;
  }
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || isEditable(target)) {
    return true;
  }
  if (target instanceof HTMLInputElement) {
    // Radio buttons, checkboxes and buttons take no text: a shortcut pressed there is still a shortcut.
    return !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(target.type);
  }
  return false;
}

type TKeyEventLike = Pick<
  KeyboardEvent,
  'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'defaultPrevented' | 'isComposing'
> & {
  target: EventTarget | null;
};

/**
 * The shortcut key this event stands for, or null when it must be left alone: a modifier is held
 * (Shift is allowed, it is how `?` is typed), an input method is composing Japanese, someone already
 * handled it, the focus is in a field that takes text, or a dialog is open.
 */
export function shortcutKey(event: TKeyEventLike, keys: readonly string[]): string | null {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) {
    return null;
  }
  if (isTypingTarget(event.target)) {
    return null;
  }
  // Behind an open dialog (this list, the idle warning) the page is inert: its shortcuts wait.
  if (
    typeof Element !== 'undefined' &&
    event.target instanceof Element &&
    event.target.closest('dialog[open]')
  ) {
    return null;
  }
  return keys.includes(event.key) ? event.key : null;
}

/**
 * Opens every closed <details> around `element`, so a shortcut that puts the focus in a folded part of the
 * page shows it first (focus on a control inside a closed disclosure would be lost, out of sight).
 */
export function unfoldAround(element: Element): void {
  for (
    let details = element.parentElement?.closest('details') ?? null;
    details !== null;
    details = details.parentElement?.closest('details') ?? null
  ) {
    details.open = true;
  }
}
