import { decodeCursor, encodeCursor } from './case-cursor';

describe('case cursor', () => {
  const key = {
    priority: 'high' as const,
    createdAt: new Date('2026-11-29T01:02:03.456Z'),
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  };

  it('round-trips the sort key to the millisecond and is URL-safe', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['unknown priority', Buffer.from(`urgent|2026-11-29T01:02:03.456Z|${key.id}`).toString('base64url')],
    ['bad date', Buffer.from(`high|yesterday|${key.id}`).toString('base64url')],
    ['bad id', Buffer.from('high|2026-11-29T01:02:03.456Z|1; DROP TABLE cases').toString('base64url')],
    ['extra field', Buffer.from(`high|2026-11-29T01:02:03.456Z|${key.id}|x`).toString('base64url')],
  ])('rejects %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
