import { Buffer } from 'node:buffer';

import { queueHref, readQueueFilters } from './queue-query';
import { openSearchToken, SEARCH_TOKEN_TTL_MS, sealSearchTerm } from './search-token';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);
const TERM = '山田 090-1234-5678';

describe('the sealed search term', () => {
  it('opens to the term it sealed, for an hour', () => {
    const token = sealSearchTerm(TERM, SECRET, NOW);
    expect(openSearchToken(token, SECRET, NOW)).toEqual({ ok: true, term: TERM });
    expect(openSearchToken(token, SECRET, NOW + SEARCH_TOKEN_TTL_MS)).toEqual({ ok: true, term: TERM });
    expect(openSearchToken(token, SECRET, NOW + SEARCH_TOKEN_TTL_MS + 1)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('never shows the term: not in the token, not in the queue URL built from it, not twice the same', () => {
    const token = sealSearchTerm(TERM, SECRET, NOW);
    const href = queueHref(readQueueFilters({ status: 'all', s: token }));
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const shown of [
      token,
      href,
      decodeURIComponent(href),
      Buffer.from(token, 'base64url').toString('latin1'),
    ]) {
      for (const part of ['山田', '090', '1234', '5678', encodeURIComponent('山田')]) {
        expect(shown).not.toContain(part);
      }
    }
    expect(href).toBe(`/cases?status=all&s=${token}`);
    // A fresh IV each time: the same search twice cannot be recognised in the history.
    expect(sealSearchTerm(TERM, SECRET, NOW)).not.toBe(token);
  });

  it('refuses a token that was changed, cut short, made up or sealed with another secret', () => {
    const token = sealSearchTerm(TERM, SECRET, NOW);
    const raw = Buffer.from(token, 'base64url');
    const flipped = (index: number) => {
      const copy = Buffer.from(raw);
      copy[index] = copy[index]! ^ 0x01;
      return copy.toString('base64url');
    };
    const refused = { ok: false, reason: 'invalid' };
    expect(openSearchToken(flipped(0), SECRET, NOW)).toEqual(refused); // version
    expect(openSearchToken(flipped(5), SECRET, NOW)).toEqual(refused); // IV
    expect(openSearchToken(flipped(20), SECRET, NOW)).toEqual(refused); // tag
    expect(openSearchToken(flipped(raw.length - 1), SECRET, NOW)).toEqual(refused); // ciphertext
    expect(openSearchToken(token.slice(0, -4), SECRET, NOW)).toEqual(refused);
    expect(openSearchToken(token, `${SECRET}-rotated`, NOW)).toEqual(refused);
    for (const madeUp of [
      '',
      'abc',
      '%E5%B1%B1',
      'x'.repeat(2000),
      Buffer.from(TERM).toString('base64url'),
    ]) {
      expect(openSearchToken(madeUp, SECRET, NOW)).toEqual(refused);
    }
  });

  it('keeps what the API accepts: trimmed, at most 100 characters, any script', () => {
    const long = `  ${'詐'.repeat(150)}  `;
    const opened = openSearchToken(sealSearchTerm(long, SECRET, NOW), SECRET, NOW);
    expect(opened).toEqual({ ok: true, term: '詐'.repeat(100) });
    const emoji = '\u{1f600} ﾄｳﾛｸ';
    expect(openSearchToken(sealSearchTerm(emoji, SECRET, NOW), SECRET, NOW)).toEqual({
      ok: true,
      term: emoji,
    });
    // 100 units end inside the 51st emoji: it is dropped whole, never cut into a lone surrogate.
    const emojis = openSearchToken(sealSearchTerm(`a${'\u{1f600}'.repeat(60)}`, SECRET, NOW), SECRET, NOW);
    expect(emojis).toEqual({ ok: true, term: `a${'\u{1f600}'.repeat(49)}` });
  });
});
