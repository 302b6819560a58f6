'use client';

import { useEffect } from 'react';

import type { TRecordKind } from './case-actions';
import { shortcutKey, type TShortcut, unfoldAround } from './keyboard-shortcuts';
import { requestRecordForm } from './record-forms';
import { ShortcutHelp } from './shortcut-help';

/** The controls the case page marks with data-shortcut-target for `s` and `a`. */
export type TShortcutTarget = 'status' | 'assign';

export const CASE_SHORTCUTS: readonly TShortcut[] = [
  { key: 'n', ja: '内部メモを書く', en: 'Write an internal note' },
  { key: 'c', ja: '連絡記録(電話など)を書く', en: 'Log a call or contact' },
  { key: 'm', ja: '相談者へのメッセージを書く', en: 'Write a message to the person' },
  { key: 's', ja: '状態を変更する', en: 'Change the status' },
  { key: 'a', ja: '担当を割り当てる', en: 'Assign the case' },
];

const RECORD_KEYS: Readonly<Record<string, TRecordKind>> = { n: 'note', c: 'contact', m: 'message' };
const TARGET_KEYS: Readonly<Record<string, TShortcutTarget>> = { s: 'status', a: 'assign' };

/**
 * Puts the focus on the page's control for `target`, unfolded and scrolled into view; false when it is not
 * there.
 */
function focusTarget(target: TShortcutTarget): boolean {
  const element = document.querySelector<HTMLElement>(`[data-shortcut-target="${target}"]`);
  if (!element || (element instanceof HTMLSelectElement && element.disabled)) {
    return false;
  }
  unfoldAround(element);
  element.focus();
  return true;
}

/** The case page's shortcuts (n / c / m / s / a) and their `?` list. */
export function CaseShortcuts() {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const key = shortcutKey(
        event,
        CASE_SHORTCUTS.map((shortcut) => shortcut.key),
      );
      if (key === null) {
        return;
      }
      const record = RECORD_KEYS[key];
      if (record) {
        event.preventDefault();
        requestRecordForm(record);
        return;
      }
      const target = TARGET_KEYS[key];
      if (target && focusTarget(target)) {
        event.preventDefault();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return <ShortcutHelp shortcuts={CASE_SHORTCUTS} />;
}
