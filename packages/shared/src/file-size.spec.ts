import { formatFileSize } from './file-size';

describe('formatFileSize', () => {
  it('reads as a phone or a PC shows sizes', () => {
    expect(formatFileSize(87)).toBe('87 B');
    expect(formatFileSize(1023)).toBe('1023 B');
    expect(formatFileSize(1024)).toBe('1.0 KB');
    expect(formatFileSize(12_595)).toBe('12.3 KB');
    expect(formatFileSize(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatFileSize(230 * 1024 * 1024)).toBe('230 MB');
    expect(formatFileSize(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});
