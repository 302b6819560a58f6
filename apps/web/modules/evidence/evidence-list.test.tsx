import type { TCaseEvidence, TStaffEvidenceFile } from '@madoguchi/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { EvidenceList } from './evidence-list';

const CASE_ID = '00000000-0000-4000-8000-0000000000c1';
const HASH = 'a'.repeat(32) + 'b'.repeat(32);

const file = (over: Partial<TStaffEvidenceFile>): TStaffEvidenceFile => ({
  id: '00000000-0000-4000-8000-0000000000f1',
  name: 'screenshot.png',
  kind: 'png',
  contentType: 'image/png',
  sizeBytes: 12_603,
  sha256: HASH,
  receivedAt: '2026-12-01T01:05:00.000Z',
  scanState: 'clean',
  source: 'person',
  scanDetail: null,
  scannedAt: '2026-12-01T01:06:00.000Z',
  unavailableReason: null,
  ...over,
});

const evidence = (files: TStaffEvidenceFile[], scannerConfigured = true): TCaseEvidence => ({
  scannerConfigured,
  maxFileBytes: 10 * 1024 * 1024,
  maxFilesPerCase: 20,
  files,
});

describe('EvidenceList', () => {
  it('says so in one line when the case has no files', () => {
    const { container } = render(<EvidenceList caseId={CASE_ID} evidence={evidence([], false)} />);
    expect(screen.getByText(/証拠ファイルはありません/)).toBeTruthy();
    expect(container.querySelector('ul')).toBeNull();
    expect(container.children).toHaveLength(1);
  });

  it('lists each file with type, size, Tokyo time, hash and scan state, and a download link when clean', () => {
    render(
      <EvidenceList
        caseId={CASE_ID}
        evidence={evidence([
          file({ id: '00000000-0000-4000-8000-0000000000f2', name: 'memo.txt', kind: 'text', sizeBytes: 87 }),
        ])}
      />,
    );
    const item = screen.getByTestId('evidence-file-00000000-0000-4000-8000-0000000000f2');
    expect(within(item).getByText('memo.txt')).toBeTruthy();
    expect(item.textContent).toContain('テキスト');
    expect(item.textContent).toContain('Plain text');
    expect(item.textContent).toContain('87 B');
    // 01:05 UTC is 10:05 in Tokyo.
    expect(item.textContent).toContain('2026/12/01 10:05');
    expect(within(item).getByText(HASH).tagName).toBe('CODE');
    expect(item.textContent).toContain('検査済み');
    expect(within(item).getByRole('link', { name: /ダウンロード/ })).toHaveAttribute(
      'href',
      `/api/staff/cases/${CASE_ID}/evidence/00000000-0000-4000-8000-0000000000f2`,
    );
    // Not an image: nothing to show or hide.
    expect(within(item).queryByRole('button', { name: /表示する/ })).toBeNull();
  });

  it('offers no download for a file that is not clean, and says why', () => {
    render(
      <EvidenceList
        caseId={CASE_ID}
        evidence={evidence([
          file({
            scanState: 'infected',
            scanDetail: 'Eicar-Signature',
            unavailableReason: {
              ja: 'ウイルス検査で有害なファイルと判定されたため隔離しました(Eicar-Signature)。開くことはできません。',
              en: 'Quarantined: the virus scan found malware (Eicar-Signature). It cannot be opened.',
            },
          }),
        ])}
      />,
    );
    expect(screen.getByText(/隔離しました\(Eicar-Signature\)/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: /ダウンロード/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /表示する/ })).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('says the scanner is not configured when the API says so', () => {
    render(
      <EvidenceList
        caseId={CASE_ID}
        evidence={evidence([file({ scanState: 'pending', scannedAt: null })], false)}
      />,
    );
    expect(screen.getByTestId('evidence-scanner-missing').textContent).toContain('Scanner not configured');
    expect(screen.getByText(/ウイルス検査待ち/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: /ダウンロード/ })).toBeNull();
  });

  it('does not say so when a scanner is configured', () => {
    render(<EvidenceList caseId={CASE_ID} evidence={evidence([file({})])} />);
    expect(screen.queryByTestId('evidence-scanner-missing')).toBeNull();
  });

  it('loads a clean image only when shown, each image on its own, and blurs it again on a second press', () => {
    const first = file({ id: '00000000-0000-4000-8000-0000000000a1', name: 'a.png' });
    const second = file({ id: '00000000-0000-4000-8000-0000000000a2', name: 'b.jpg', kind: 'jpeg' });
    render(<EvidenceList caseId={CASE_ID} evidence={evidence([first, second])} />);

    // Nothing is loaded before a press: no <img> at all, only a blurred placeholder.
    expect(screen.queryAllByRole('img')).toHaveLength(0);
    const showA = screen.getByRole('button', { name: /表示する.*Show\s*: a\.png/ });
    expect(showA).toHaveAttribute('aria-pressed', 'false');

    fireEvent.click(showA);
    expect(showA).toHaveAttribute('aria-pressed', 'true');
    const image = screen.getByRole('img', { name: /a\.png/ });
    expect(image).toHaveAttribute('src', `/api/staff/cases/${CASE_ID}/evidence/${first.id}`);
    expect(image.className).not.toContain('evidence-image--blurred');
    // The other image stays hidden and unloaded.
    expect(screen.getByRole('button', { name: /Show\s*: b\.jpg/ })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByRole('img', { name: /b\.jpg/ })).toBeNull();

    fireEvent.click(showA);
    expect(showA).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('img', { name: /a\.png/ }).className).toContain('evidence-image--blurred');
  });

  it('copies the hash', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    try {
      render(<EvidenceList caseId={CASE_ID} evidence={evidence([file({})])} />);
      fireEvent.click(screen.getByRole('button', { name: /コピー/ }));
      expect(writeText).toHaveBeenCalledWith(HASH);
      expect(await screen.findByText('コピーしました / Copied')).toBeTruthy();
    } finally {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    }
  });
});
