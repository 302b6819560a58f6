import { toFieldErrors } from './field-errors';
import {
  ZCaseCreate,
  ZCaseLinkView,
  ZCaseQuery,
  ZCaseStatusChange,
  ZCaseUpdate,
  ZConfirmCategories,
  ZContactLog,
} from './case-api.schema';

function fieldErrors(result: { success: boolean; error?: { issues: readonly unknown[] } }) {
  expect(result.success).toBe(false);
  return toFieldErrors(result.error as Parameters<typeof toFieldErrors>[0]);
}

describe('ZCaseQuery', () => {
  it('reads lists repeated or comma-separated, de-duplicated, and defaults the page size', () => {
    expect(ZCaseQuery.parse({ status: ['new', 'closed,new'], tag: 'ＡＢＣ' })).toEqual({
      status: ['new', 'closed'],
      tag: ['abc'],
      limit: 25,
    });
    expect(ZCaseQuery.parse({ limit: '100', followUpOverdue: 'true' })).toMatchObject({
      limit: 100,
      followUpOverdue: true,
    });
  });

  it('accepts me, unassigned or a user id as assignee, and a date or an instant as range', () => {
    expect(
      ZCaseQuery.safeParse({ assignee: 'me', from: '2026-11-01', to: '2026-11-30T23:59:59+09:00' }).success,
    ).toBe(true);
    expect(fieldErrors(ZCaseQuery.safeParse({ assignee: 'someone' }))[0]?.path).toBe('assignee');
  });

  it('refuses an unknown status and a page over 100 with bilingual messages', () => {
    const errors = fieldErrors(ZCaseQuery.safeParse({ status: 'new,pending', limit: '101' }));
    expect(errors.map((e) => e.path).sort()).toEqual(['limit', 'status.1']);
    expect(errors.every((e) => e.message.ja && e.message.en)).toBe(true);
  });
});

describe('ZCaseUpdate', () => {
  it('needs a reason with a new priority', () => {
    const errors = fieldErrors(ZCaseUpdate.safeParse({ version: 1, priority: 'high' }));
    expect(errors).toEqual([
      {
        path: 'priorityReason',
        code: 'invalid_type',
        message: { ja: 'ここに書いてください', en: 'Please fill this in' },
      },
    ]);
    expect(
      ZCaseUpdate.safeParse({ version: 1, priority: 'high', priorityReason: '脅迫の文言あり' }).success,
    ).toBe(true);
  });

  it('refuses an update that changes nothing, and unknown fields', () => {
    expect(ZCaseUpdate.safeParse({ version: 1 }).success).toBe(false);
    expect(fieldErrors(ZCaseUpdate.safeParse({ version: 1, status: 'closed' }))[0]?.path).toBe('status');
  });

  it('allows clearing the assignee, follow-up and summary', () => {
    expect(ZCaseUpdate.parse({ assigneeId: null, followUpAt: null, summary: null })).toEqual({
      assigneeId: null,
      followUpAt: null,
      summary: null,
    });
  });
});

describe('other requests', () => {
  it('a status change names a known status; control characters are refused', () => {
    expect(ZCaseStatusChange.safeParse({ status: 'done' }).success).toBe(false);
    expect(fieldErrors(ZCaseStatusChange.safeParse({ status: 'closed', reason: 'a\u0000b' }))[0]?.code).toBe(
      'control_characters',
    );
  });

  it('confirmed categories are known codes, at least one, de-duplicated', () => {
    expect(ZConfirmCategories.parse({ categories: ['phishing', 'phishing'] }).categories).toEqual([
      'phishing',
    ]);
    expect(ZConfirmCategories.safeParse({ categories: [] }).success).toBe(false);
  });

  it('a contact log has a direction, channel and a time with offset', () => {
    expect(
      ZContactLog.safeParse({
        direction: 'in',
        channel: 'phone',
        occurredAt: '2026-11-29T10:00:00+09:00',
        summary: '電話',
      }).success,
    ).toBe(true);
    expect(ZContactLog.safeParse({ direction: 'sideways', channel: 'fax', summary: '' }).success).toBe(false);
  });

  it('a phone intake by a counselor defaults its channel to phone', () => {
    expect(ZCaseCreate.parse({ description: '電話での相談' }).channel).toBe('phone');
    expect(ZCaseCreate.parse({ description: '来所', channel: 'walk_in' }).channel).toBe('walk_in');
    expect(ZCaseCreate.safeParse({ description: '電話', extra: 1 }).success).toBe(false);
  });
});

describe('replies', () => {
  it('carry instants as ISO 8601 with an offset, as the API writes them', () => {
    const link = {
      id: '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11',
      receiptNumber: 'K7QP-4MZT',
      status: 'new',
      createdAt: '2026-11-30T01:00:00.000Z',
      direction: 'outgoing',
      note: null,
      linkedAt: '2026-11-30T10:00:00+09:00',
      linkedById: null,
    };
    expect(ZCaseLinkView.safeParse(link).success).toBe(true);
    expect(ZCaseLinkView.safeParse({ ...link, linkedAt: '2026-11-30 10:00' }).success).toBe(false);
    expect(ZCaseLinkView.safeParse({ ...link, createdAt: '2026-11-30' }).success).toBe(false);
  });
});
