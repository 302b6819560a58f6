/**
 * A file's size as people read it, the same in Japanese and English: 87 B, 12.3 KB, 4.0 MB, 230 MB
 * (1 KB = 1,024 bytes, as phones and PCs show it). Used by the upload pages, the case page and the letter.
 */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
