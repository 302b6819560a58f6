'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

import { clearAllDrafts, draftStorage } from '../cases/case-drafts';

/**
 * Signs out through next-auth; its signOut event revokes the API session (lib/auth.ts). The tab's case
 * drafts go too: whoever uses this PC next has no business with them.
 */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      className="btn btn--quiet"
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        clearAllDrafts(draftStorage());
        void signOut({ callbackUrl: '/login?reason=signedOut' }).catch(() => setBusy(false));
      }}
    >
      ログアウト <span lang="en">/ Sign out</span>
    </button>
  );
}
