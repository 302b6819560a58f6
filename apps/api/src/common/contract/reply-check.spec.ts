import { route } from '@madoguchi/shared';
import { z } from 'zod';
import { replyMismatch, undeclaredKeys } from './reply-check.interceptor';

const getThing = route({
  operationId: 'getThing',
  tag: 'test',
  method: 'GET',
  path: '/things/:id',
  summary: 'A thing',
  access: 'public',
  reply: z.object({
    id: z.string(),
    at: z.iso.datetime({ offset: true }),
    items: z.array(z.object({ n: z.number() })),
  }),
});

describe('the reply check', () => {
  const good = { id: 'a', at: new Date('2026-12-03T00:00:00Z'), items: [{ n: 1 }] };

  it('accepts a reply as it goes out in JSON (a Date becomes its ISO string)', () => {
    expect(replyMismatch(getThing, good)).toBeNull();
  });

  it('names a field of the wrong type', () => {
    expect(replyMismatch(getThing, { ...good, items: [{ n: 'one' }] })).toMatch(/items\[0\]\.n|items.*n/);
  });

  it('names a missing field', () => {
    const { id: _id, ...withoutId } = good;
    expect(replyMismatch(getThing, withoutId)).toMatch(/id/);
  });

  it('refuses fields the contract does not declare, however deep (a leak, or a stale contract)', () => {
    expect(replyMismatch(getThing, { ...good, passwordHash: 'x' })).toBe(
      'fields not in the contract: passwordHash',
    );
    expect(replyMismatch(getThing, { ...good, items: [{ n: 1, secret: true }] })).toBe(
      'fields not in the contract: items[0].secret',
    );
  });

  it('leaves files and empty replies alone', () => {
    expect(
      replyMismatch({ ...getThing, reply: { file: ['application/pdf'] } }, Buffer.from('%PDF')),
    ).toBeNull();
    expect(replyMismatch({ ...getThing, reply: null }, undefined)).toBeNull();
  });

  it('lists keys dropped by a parse, not keys that only changed value', () => {
    expect(undeclaredKeys({ a: 1, b: { c: 2 } }, { a: 2, b: { c: 3 } })).toEqual([]);
    expect(undeclaredKeys({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2 } })).toEqual(['b.d']);
  });
});
