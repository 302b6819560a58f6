'use client';

/** Opens the browser's print dialog for the print view (save as PDF from there, or print on paper). */
export function PrintButton() {
  return (
    <button type="button" className="btn" onClick={() => window.print()}>
      印刷 <span lang="en">/ Print</span>
    </button>
  );
}
