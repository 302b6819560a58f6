'use client';

import { useEffect, useId, useRef } from 'react';

import { HELP_KEY, shortcutKey, type TShortcut } from './keyboard-shortcuts';

/**
 * The page's keyboard shortcuts in a modal dialog: `?` or the button opens it, Escape or the close
 * button closes it, and the focus goes back to where it was (the native <dialog> keeps it inside).
 */
export function ShortcutHelp({ shortcuts }: { shortcuts: readonly TShortcut[] }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const id = useId();

  function open() {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) {
      return;
    }
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (shortcutKey(event, [HELP_KEY]) === null) {
        return;
      }
      event.preventDefault();
      open();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button className="btn btn--quiet btn--small shortcut-help__open" type="button" onClick={open}>
        キーボード操作 <span lang="en">Shortcuts</span> <kbd aria-hidden="true">?</kbd>
      </button>
      <dialog
        ref={dialogRef}
        className="shortcut-dialog"
        aria-labelledby={`${id}-title`}
        onClose={() => {
          returnTo.current?.focus();
          returnTo.current = null;
        }}
      >
        <h2 id={`${id}-title`}>
          キーボード操作 <span lang="en">/ Keyboard shortcuts</span>
        </h2>
        <p className="small muted">
          入力欄で文字を打っている間は働きません。{' '}
          <span lang="en">They do not fire while typing in a field.</span>
        </p>
        <dl className="shortcut-list">
          {[...shortcuts, { key: HELP_KEY, ja: 'この一覧を開く', en: 'Open this list' }].map((shortcut) => (
            <div key={shortcut.key} className="shortcut-list__row">
              <dt>
                <kbd>{shortcut.key}</kbd>
              </dt>
              <dd>
                {shortcut.ja} <span lang="en">/ {shortcut.en}</span>
              </dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button className="btn btn--primary" type="submit" autoFocus>
            閉じる / Close
          </button>
        </form>
      </dialog>
    </>
  );
}
