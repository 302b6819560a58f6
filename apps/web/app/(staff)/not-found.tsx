import Link from 'next/link';

/** A case or page that does not exist (or a mistyped id), inside the staff layout. */
export default function StaffNotFound() {
  return (
    <div className="stack-sm">
      <h1>
        見つかりません
        <span lang="en" className="en en--block">
          Not found
        </span>
      </h1>
      <p>
        この相談またはページは見つかりませんでした。受付番号で検索してください。
        <span lang="en" className="en en--block">
          This case or page was not found. Search for the receipt number instead.
        </span>
      </p>
      <Link className="btn" href="/cases">
        相談一覧へ <span lang="en">/ To the case queue</span>
      </Link>
    </div>
  );
}
