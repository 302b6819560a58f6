/** @jest-environment node */
import type { TEvidenceOutcome } from './evidence-outcome';
import { openOutcome, sealOutcome, TOKEN_TTL_MS } from './evidence-result-token';

const RECEIVED: TEvidenceOutcome = {
  status: 'received',
  files: [{ name: '夫からのLINE.png', kind: 'png', sizeBytes: 1234, sha256: 'b'.repeat(64) }],
};

describe('the sealed result of a no-JavaScript upload', () => {
  it('opens to what was sealed, and the file names cannot be read from it', () => {
    const token = sealOutcome(RECEIVED);
    expect(openOutcome(token)).toEqual(RECEIVED);
    expect(Buffer.from(token, 'base64url').toString('utf8')).not.toContain('png');
  });

  it('does not open once expired, when altered, or when it is not a token', () => {
    const now = Date.now();
    const token = sealOutcome(RECEIVED, now);
    expect(openOutcome(token, now + TOKEN_TTL_MS + 1)).toBeUndefined();
    const raw = Buffer.from(token, 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(openOutcome(raw.toString('base64url'))).toBeUndefined();
    expect(openOutcome('not-a-token')).toBeUndefined();
  });
});
