'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

/** Signs out through next-auth; its signOut event revokes the API session (lib/auth.ts). */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      className="btn btn--quiet"
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signOut({ callbackUrl: '/login?reason=signedOut' }).catch(() => setBusy(false));
      }}
    >
      ログアウト <span lang="en">/ Sign out</span>
    </button>
  );
}
