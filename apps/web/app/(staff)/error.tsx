'use client';

/** A crash while rendering a staff page: say so and offer a retry, never a blank screen. */
export default function StaffError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="state state--error" role="alert">
      <h1>
        ページを表示できませんでした
        <span lang="en" className="en en--block">
          This page could not be shown
        </span>
      </h1>
      <p>
        時間をおいてもう一度ためしてください。続くときは管理者に連絡してください。
        <span lang="en" className="en en--block">
          Please try again. If it keeps happening, contact an administrator.
        </span>
      </p>
      <button className="btn" type="button" onClick={reset}>
        もう一度ためす / Try again
      </button>
    </div>
  );
}
