import { contract, type TTimelineItem } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { staffCall } from '../../lib/staff-api';
import { CONFLICT_MESSAGE, succeeded } from './action-result';
import { sendAction } from './send-action';

jest.mock('next/cache', () => ({ revalidatePath: jest.fn() }));
jest.mock('../../lib/staff-api', () => ({ staffCall: jest.fn() }));

const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';
const PAGE = `/cases/${CASE_ID}`;
const ADDED = { ja: '内部メモを追加しました。', en: 'Note added.' };

const note: TTimelineItem = {
  id: '00000000-0000-4000-8000-0000000000e1',
  source: 'event',
  kind: 'note',
  at: '2026-11-30T01:00:00.000Z',
  recordedAt: '2026-11-30T01:00:00.000Z',
  public: false,
  actor: { id: '00000000-0000-4000-8000-0000000000aa', displayName: '佐藤' },
  data: { body: '折り返し待ち' },
};

function addNote(body: string) {
  return sendAction(contract.cases.addNote, {
    params: { id: CASE_ID },
    body: { body },
    revalidate: PAGE,
    success: (reply) => succeeded(ADDED, reply.id),
  });
}

beforeEach(() => {
  jest.mocked(staffCall).mockReset();
  jest.mocked(revalidatePath).mockReset();
});

describe('sendAction with a contract route', () => {
  it("refuses what the route's own schema rejects, with field messages, and sends nothing", async () => {
    const result = await addNote('   ');
    expect(result).toMatchObject({ ok: false, conflict: false, fields: [{ path: 'body' }] });
    expect(staffCall).not.toHaveBeenCalled();
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it('sends the checked body to the route, refreshes the page and reports from the reply', async () => {
    jest.mocked(staffCall).mockResolvedValue({ ok: true, status: 201, data: note as never });
    expect(await addNote('  折り返し待ち  ')).toEqual({ ok: true, message: ADDED, data: note.id });
    expect(staffCall).toHaveBeenCalledWith(contract.cases.addNote, {
      params: { id: CASE_ID },
      body: { body: '折り返し待ち' },
    });
    expect(revalidatePath).toHaveBeenCalledWith(PAGE);
  });

  it('turns a 409 version_conflict into the reload message and leaves the page as it is', async () => {
    jest.mocked(staffCall).mockResolvedValue({
      ok: false,
      error: {
        code: 'conflict',
        status: 409,
        message: { ja: '先に更新されました。', en: 'Updated first.' },
        fields: [],
        reason: 'version_conflict',
        details: { reason: 'version_conflict' },
        requestId: 'req-1',
      },
    });
    expect(await addNote('折り返し待ち')).toMatchObject({
      ok: false,
      conflict: true,
      message: CONFLICT_MESSAGE,
    });
    expect(revalidatePath).not.toHaveBeenCalled();
  });
});
