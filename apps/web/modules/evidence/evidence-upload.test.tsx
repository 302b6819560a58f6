import { render, screen } from '@testing-library/react';

let search = new URLSearchParams();
jest.mock('next/navigation', () => ({ useSearchParams: () => search }));

import { EvidenceUploadForm } from './evidence-upload-form';

const CASE_ID = '00000000-0000-4000-8000-0000000000c1';

function renderForm(query: string) {
  search = new URLSearchParams(query);
  return render(<EvidenceUploadForm caseId={CASE_ID} maxFileBytes={10 * 1024 * 1024} maxFilesPerCase={20} />);
}

describe('EvidenceUploadForm', () => {
  it('is a plain multipart form posting several files to the web route (works without JavaScript)', () => {
    const { container } = renderForm('');
    const form = container.querySelector('form')!;
    expect(form).toHaveAttribute('method', 'post');
    expect(form).toHaveAttribute('action', `/api/staff/cases/${CASE_ID}/evidence`);
    expect(form).toHaveAttribute('enctype', 'multipart/form-data');
    // Folded under a summary; a native <details> opens without JavaScript.
    expect(container.querySelector('details > summary')?.textContent).toContain('証拠ファイルを追加');
    const input = screen.getByLabelText(/ファイルを選ぶ/);
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('name', 'file');
    expect(input).toHaveAttribute('multiple');
    expect(screen.getByText(/10\.0 MBまで、1件の相談につき20ファイルまで/)).toBeTruthy();
    expect(screen.queryByTestId('evidence-upload-notice')).toBeNull();
  });

  it('confirms an upload as a status message', () => {
    renderForm('evidence=added&count=2');
    expect(screen.getByRole('status').textContent).toContain('2件のファイルを追加しました');
  });

  it('names the refused file and the reason in an alert, in Japanese and English', () => {
    renderForm('evidence=refused&reason=evidence_type_not_allowed&file=invoice.zip');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('「invoice.zip」は受け付けられない形式です');
    expect(alert.textContent).toContain('"invoice.zip" is not an accepted format');
    expect(alert.textContent).toContain('保存していません');
  });

  it('says the upload failed when the API could not be reached', () => {
    renderForm('evidence=failed');
    expect(screen.getByRole('alert').textContent).toContain('追加できませんでした');
  });

  it('ignores an unknown reason rather than showing it raw', () => {
    renderForm('evidence=refused&reason=<script>&file=a.txt');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('「a.txt」を受け付けられませんでした');
    expect(alert.textContent).not.toContain('<script>');
  });
});
