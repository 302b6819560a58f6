/** Shown while a staff page loads its data from the API. */
export default function StaffLoading() {
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      読み込み中… <span lang="en">/ Loading…</span>
    </div>
  );
}
