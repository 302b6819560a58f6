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
  previewState: 'ready',
  previewReason: null,
  deleted: null,
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

  it('shows a clean image’s blurred thumb, loads its view copy only when shown, and blurs it again', () => {
    const first = file({ id: '00000000-0000-4000-8000-0000000000a1', name: 'a.png' });
    const second = file({ id: '00000000-0000-4000-8000-0000000000a2', name: 'b.jpg', kind: 'jpeg' });
    render(<EvidenceList caseId={CASE_ID} evidence={evidence([first, second])} />);

    // Before a press: only the derived thumbs, blurred; never the original.
    const thumbs = screen.getAllByRole('img');
    expect(thumbs.map((img) => img.getAttribute('src'))).toEqual([
      `/api/staff/cases/${CASE_ID}/evidence/${first.id}/preview/thumb`,
      `/api/staff/cases/${CASE_ID}/evidence/${second.id}/preview/thumb`,
    ]);
    expect(thumbs.every((img) => img.className.includes('evidence-image--blurred'))).toBe(true);
    const showA = screen.getByRole('button', { name: /表示する.*Show\s*: a\.png/ });
    expect(showA).toHaveAttribute('aria-pressed', 'false');

    fireEvent.click(showA);
    expect(showA).toHaveAttribute('aria-pressed', 'true');
    const image = screen.getByTestId(`evidence-image-${first.id}`);
    expect(image).toHaveAttribute('src', `/api/staff/cases/${CASE_ID}/evidence/${first.id}/preview/view`);
    expect(image.className).not.toContain('evidence-image--blurred');
    // The other image stays a blurred thumb.
    expect(screen.getByRole('button', { name: /Show\s*: b\.jpg/ })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId(`evidence-thumb-${second.id}`).className).toContain('evidence-image--blurred');
    // The download is still the original.
    expect(screen.getAllByRole('link', { name: /ダウンロード/ })[0]).toHaveAttribute(
      'href',
      `/api/staff/cases/${CASE_ID}/evidence/${first.id}`,
    );

    fireEvent.click(showA);
    expect(showA).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId(`evidence-image-${first.id}`).className).toContain('evidence-image--blurred');
  });

  it('says when a preview is pending, when there is none (HEIC), and why one failed, with no image', () => {
    render(
      <EvidenceList
        caseId={CASE_ID}
        evidence={evidence([
          file({ id: '00000000-0000-4000-8000-0000000000b1', previewState: 'pending' }),
          file({
            id: '00000000-0000-4000-8000-0000000000b2',
            kind: 'heic',
            previewState: 'none',
            previewReason: { ja: 'プレビューなし(元のファイルのみ)', en: 'No preview (original only)' },
          }),
          file({
            id: '00000000-0000-4000-8000-0000000000b3',
            previewState: 'failed',
            previewReason: {
              ja: '画像が大きすぎるため表示用の縮小版を作れません',
              en: 'Too many pixels for a preview',
            },
          }),
        ])}
      />,
    );
    expect(screen.queryAllByRole('img')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /表示する/ })).toBeNull();
    const item = (id: string) => screen.getByTestId(`evidence-file-00000000-0000-4000-8000-0000000000${id}`);
    expect(item('b1').textContent).toContain('プレビュー作成中 / Preview pending');
    expect(item('b2').textContent).toContain('プレビューなし');
    expect(item('b3').textContent).toContain('画像が大きすぎるため表示用の縮小版を作れません');
    // Each can still be downloaded as the original.
    expect(screen.getAllByRole('link', { name: /ダウンロード/ })).toHaveLength(3);
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

  it('offers admins (only) a delete form per file, with a required reason, working as a plain form', () => {
    const deleteAction = jest.fn();
    const { unmount } = render(<EvidenceList caseId={CASE_ID} evidence={evidence([file({})])} />);
    expect(screen.queryByText(/削除/)).toBeNull();
    unmount();

    const { container } = render(
      <EvidenceList caseId={CASE_ID} evidence={evidence([file({})])} deleteAction={deleteAction} />,
    );
    const details = container.querySelector('details.evidence-delete')!;
    expect(details.querySelector('summary')!.textContent).toContain('削除 / Delete');
    const reason = within(details as HTMLElement).getByLabelText(/削除の理由/);
    expect(reason.tagName).toBe('TEXTAREA');
    expect(reason).toBeRequired();
    expect(reason).toHaveAttribute('name', 'reason');
    const form = details.querySelector('form')!;
    expect(form.querySelector('input[name="fileId"]')).toHaveAttribute('value', file({}).id);
    expect(form.querySelector('input[name="caseId"]')).toHaveAttribute('value', CASE_ID);
    expect(within(form).getByRole('button', { name: /削除する/ })).toHaveAttribute('type', 'submit');
  });

  it('shows a deleted file as deleted, with the date and the reason, and offers nothing to open or delete', () => {
    render(
      <EvidenceList
        caseId={CASE_ID}
        evidence={evidence([
          file({
            unavailableReason: { ja: '削除されました', en: 'Deleted' },
            deleted: { at: '2026-12-04T07:30:00.000Z', reason: '別の相談のファイルだったため' },
          }),
        ])}
        deleteAction={jest.fn()}
      />,
    );
    const item = screen.getByTestId('evidence-file-00000000-0000-4000-8000-0000000000f1');
    expect(item.textContent).toContain('削除済み / Deleted');
    // 07:30 UTC is 16:30 in Tokyo.
    expect(item.textContent).toContain('2026/12/04 16:30');
    expect(item.textContent).toContain('別の相談のファイルだったため');
    // The name and hash stay; nothing can be opened, previewed or deleted again.
    expect(within(item).getByText(HASH)).toBeTruthy();
    expect(within(item).queryByRole('link', { name: /ダウンロード/ })).toBeNull();
    expect(within(item).queryByRole('button', { name: /表示する|削除する/ })).toBeNull();
    expect(item.querySelector('details.evidence-delete')).toBeNull();
  });
});
