import { createHash } from 'node:crypto';
import { ApiConfig } from '../../config/api-config';
import { loadEnv } from '../../config/env';
import { PartnerLinkTokens } from './partner-link-tokens';
import { linkState, remainingActions } from './partner-links.service';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER = Buffer.alloc(32, 9).toString('base64');

function tokens(keys: string): PartnerLinkTokens {
  return new PartnerLinkTokens(
    new ApiConfig(
      loadEnv({
        DATABASE_URL: 'postgresql://localhost/x',
        ACCESS_CODE_KEYS: keys,
        WEB_PUBLIC_URL: 'https://madoguchi.example.jp/',
      }),
    ),
  );
}

const LINK_ID = '5f1c1e1e-8d2a-4a53-9a55-1f3f6c1d2b11';

describe('PartnerLinkTokens', () => {
  it('derives the same 256-bit token from the link id every time, and a different one per id', () => {
    const t = tokens(`k1:${KEY}`);
    const token = t.token(LINK_ID, 'k1')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.isWellFormed(token)).toBe(true);
    expect(t.token(LINK_ID, 'k1')).toBe(token);
    expect(t.token('0f1c1e1e-8d2a-4a53-9a55-1f3f6c1d2b11', 'k1')).not.toBe(token);
    expect(t.hash(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(t.url(token)).toBe(`https://madoguchi.example.jp/p/${token}`);
  });

  it('reprints with a retired-but-listed key; a key no longer configured cannot be reprinted', () => {
    const before = tokens(`k1:${KEY}`).token(LINK_ID, 'k1');
    const rotated = tokens(`k2:${OTHER},k1:${KEY}`);
    expect(rotated.currentKeyId()).toBe('k2');
    expect(rotated.token(LINK_ID, 'k1')).toBe(before);
    expect(tokens(`k2:${OTHER}`).token(LINK_ID, 'k1')).toBeNull();
  });
});

describe('link state', () => {
  const now = new Date('2026-12-04T00:00:00Z');
  const live = { revokedAt: null, expiresAt: new Date('2026-12-20T00:00:00Z'), uses: [] };

  it('offers all three answers on a sent referral, the two endings once acknowledged', () => {
    expect(remainingActions(live, 'sent')).toEqual(['acknowledge', 'complete', 'decline']);
    expect(remainingActions({ uses: [{ action: 'acknowledge' }] }, 'acknowledged')).toEqual([
      'complete',
      'decline',
    ]);
    // Acknowledged by phone (staff): the window may still complete or decline.
    expect(remainingActions(live, 'acknowledged')).toEqual(['complete', 'decline']);
  });

  it('ends with complete or decline, and with a referral the desk closed or put on hold', () => {
    expect(remainingActions({ uses: [{ action: 'complete' }] }, 'sent')).toEqual([]);
    expect(linkState({ ...live, uses: [{ action: 'decline' }] }, 'declined', now)).toBe('closed');
    expect(linkState(live, 'cancelled', now)).toBe('closed');
    expect(linkState(live, 'no_response', now)).toBe('closed');
    expect(linkState(live, 'sent', now)).toBe('active');
  });

  it('says revoked before expired, and expired at the exact expiry', () => {
    expect(linkState({ ...live, expiresAt: now }, 'sent', now)).toBe('expired');
    expect(linkState({ ...live, expiresAt: now, revokedAt: now }, 'sent', now)).toBe('revoked');
  });
});
