/*
 * Drafts of what a counselor is writing on a case (a note, a call log, a message to the person), kept in
 * this tab's sessionStorage only: they survive a reload or an idle sign-out and sign-in in the same tab,
 * end with the tab (office PCs are shared), and are never sent anywhere. Keyed by the staff member and
 * the case, so a colleague signing in on the same tab never sees them.
 */

export type TDraftForm = 'note' | 'contact' | 'message';

/** A form's field values by field name. */
export type TDraftFields = Record<string, string>;

type TDraftKey = { userId: string; caseId: string; form: TDraftForm };

const PREFIX = 'madoguchi:draft:';

export function draftKey({ userId, caseId, form }: TDraftKey): string {
  return `${PREFIX}${userId}:${caseId}:${form}`;
}

/** sessionStorage, or null where it is missing or refused (private modes, storage turned off). */
export function draftStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

function isFields(value: unknown): value is TDraftFields {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((field) => typeof field === 'string')
  );
}

/** The stored draft, or null when there is none, it is unreadable, or its text is empty. */
export function loadDraft(storage: Storage | null, key: TDraftKey): TDraftFields | null {
  const raw = storage?.getItem(draftKey(key));
  if (!raw) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return isFields(parsed) && hasText(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A draft worth keeping has some text in its body; defaults alone (direction, time) are not a draft. */
export function hasText(fields: TDraftFields): boolean {
  return (fields['body'] ?? '').trim() !== '';
}

/** Keeps the draft, or forgets it once its text is empty. A full or refused storage just keeps nothing. */
export function saveDraft(storage: Storage | null, key: TDraftKey, fields: TDraftFields): void {
  if (!storage) {
    return;
  }
  try {
    if (hasText(fields)) {
      storage.setItem(draftKey(key), JSON.stringify(fields));
    } else {
      storage.removeItem(draftKey(key));
    }
  } catch {
    // Quota exceeded or storage refused: the form still works, only without a draft.
  }
}

export function clearDraft(storage: Storage | null, key: TDraftKey): void {
  try {
    storage?.removeItem(draftKey(key));
  } catch {
    // Nothing to do: see saveDraft.
  }
}

/**
 * Drops every case draft in this tab: a deliberate sign-out means the counselor is leaving the shared PC,
 * unlike the idle sign-out, after which they sign in again and find their text.
 */
export function clearAllDrafts(storage: Storage | null): void {
  try {
    if (!storage) {
      return;
    }
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    for (const key of keys) {
      if (key?.startsWith(PREFIX)) {
        storage.removeItem(key);
      }
    }
  } catch {
    // Nothing to do: see saveDraft.
  }
}
