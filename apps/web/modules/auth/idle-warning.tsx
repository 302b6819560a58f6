'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';

/** Fired by staff actions after each server call, so the idle clock restarts like the server's. */
export const ACTIVITY_EVENT = 'madoguchi:activity';

export function markServerActivity(): void {
  window.dispatchEvent(new Event(ACTIVITY_EVENT));
}

type TIdleWarningProps = {
  /** When the server signs out an idle session. */
  idleTimeoutMs: number;
  /** How long before that the warning shows. */
  warningMs: number;
};

// The server writes activity into the cookie at most once a minute, so its clock may run up to a
// minute ahead of this one: act a minute early.
const SAFETY_MARGIN_MS = 60_000;
const TICK_MS = 5_000;
// Typing is activity too, but the server only sees requests: while someone types, tell it at most this
// often (the proxy writes activity into the cookie at most once a minute anyway).
const TYPING_PING_EVERY_MS = 60_000;

/**
 * Warns before the idle sign-out and lets the person stay signed in (WCAG 2.2.1 Timing Adjustable).
 * When the time is up it leaves the page, so a case file does not stay on an unattended screen.
 */
export function IdleWarning({ idleTimeoutMs, warningMs }: TIdleWarningProps) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // Stamped by the navigation effect below on mount (render must stay pure, so no Date.now() here).
  const lastActivity = useRef(0);
  const [remainingMs, setRemainingMs] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState({ pathname, searchParams });
  const dialogRef = useRef<HTMLDialogElement>(null);
  const deadline = idleTimeoutMs - SAFETY_MARGIN_MS;

  const reset = useCallback(() => {
    lastActivity.current = Date.now();
    setRemainingMs(null);
  }, []);

  // A navigation is a request the server counts as activity: the warning hides in this very render
  // (React's "adjusting state when a prop changes") and the clock restarts once it is committed.
  if (page.pathname !== pathname || page.searchParams !== searchParams) {
    setPage({ pathname, searchParams });
    setRemainingMs(null);
  }
  useEffect(() => {
    lastActivity.current = Date.now();
  }, [pathname, searchParams]);

  useEffect(() => {
    window.addEventListener(ACTIVITY_EVENT, reset);
    return () => window.removeEventListener(ACTIVITY_EVENT, reset);
  }, [reset]);

  // A counselor writing a long note makes no request for many minutes: each keystroke restarts this
  // clock, and a keepalive now and then restarts the server's, so the text is not lost to a sign-out.
  useEffect(() => {
    let lastPing = Date.now();
    function onInput() {
      reset();
      const now = Date.now();
      if (now - lastPing < TYPING_PING_EVERY_MS) {
        return;
      }
      lastPing = now;
      // Best effort: if it fails, the draft kept in the tab (modules/cases/case-drafts.ts) still holds the text.
      void fetch('/api/staff/keepalive', { method: 'POST', cache: 'no-store' }).catch(() => undefined);
    }
    document.addEventListener('input', onInput, { capture: true });
    return () => document.removeEventListener('input', onInput, { capture: true });
  }, [reset]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      const left = lastActivity.current + deadline - Date.now();
      if (left <= 0) {
        window.clearInterval(timer);
        // The server signs the session out (and revokes it) on this request and shows the sign-in page.
        window.location.assign(`${window.location.pathname}${window.location.search}`);
        return;
      }
      setRemainingMs(left <= warningMs ? left : null);
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [deadline, warningMs]);

  const open = remainingMs !== null;
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') {
        dialog.showModal();
      } else {
        dialog.setAttribute('open', '');
      }
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  async function stay() {
    setFailed(false);
    try {
      const response = await fetch('/api/staff/keepalive', { method: 'POST', cache: 'no-store' });
      if (response.status === 401) {
        window.location.assign('/login?reason=idle');
        return;
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      reset();
    } catch {
      setFailed(true);
    }
  }

  const minutes = remainingMs === null ? 0 : Math.max(1, Math.ceil(remainingMs / 60_000));
  return (
    <dialog
      ref={dialogRef}
      className="idle-dialog"
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
      onCancel={(event) => {
        // Escape means "I am here": same as the button.
        event.preventDefault();
        void stay();
      }}
    >
      <h2 id="idle-title">
        まもなく自動的にログアウトします <span lang="en">/ You will be signed out soon</span>
      </h2>
      <p id="idle-text">
        操作がないため、あと約{minutes}
        分でログアウトします。メモ・電話の記録・ご本人へのお知らせの書きかけは、このタブに残ります(同じタブでログインし直せば戻ります)。ほかの入力中の内容は消えます。
        <span lang="en" className="en">
          Without activity you will be signed out in about {minutes} minute{minutes === 1 ? '' : 's'}. Notes,
          call logs and messages you were writing stay in this tab (sign in again in the same tab to get them
          back); anything else you were typing will be lost.
        </span>
      </p>
      {failed ? (
        <p role="alert" className="notice notice--error">
          サーバーにつながりませんでした。もう一度押してください。
          <span lang="en" className="en">
            The server could not be reached. Please try again.
          </span>
        </p>
      ) : null}
      <button className="btn btn--primary" type="button" autoFocus onClick={() => void stay()}>
        ログインを続ける / Stay signed in
      </button>
    </dialog>
  );
}
