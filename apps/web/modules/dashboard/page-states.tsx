import type { TLocalized } from '@madoguchi/shared';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { Bi } from './bi';

/** A failed load: what went wrong and a way to try again (a plain link, works without JavaScript). */
export function ErrorState({ message, retryHref }: { message: TLocalized; retryHref?: string }) {
  return (
    <div className="state state--error" role="alert">
      <p>
        <Bi text={message} block />
      </p>
      {retryHref ? (
        <Link className="btn" href={retryHref} prefetch={false}>
          もう一度読み込む <span lang="en">/ Try again</span>
        </Link>
      ) : null}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state state--empty">{children}</div>;
}

export function AccessDenied() {
  return (
    <div className="stack-sm">
      <h1>
        このページを見る権限がありません
        <span lang="en" className="en en--block">
          You do not have access to this page
        </span>
      </h1>
      <p>
        必要なときは管理者に相談してください。
        <span lang="en" className="en en--block">
          Ask an administrator if you need it.
        </span>
      </p>
      <Link className="btn" href="/cases">
        相談一覧へ <span lang="en">/ To the case queue</span>
      </Link>
    </div>
  );
}
