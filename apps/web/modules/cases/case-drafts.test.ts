import { clearAllDrafts, clearDraft, draftKey, loadDraft, saveDraft } from './case-drafts';

const USER = '00000000-0000-4000-8000-0000000000aa';
const OTHER_USER = '00000000-0000-4000-8000-0000000000bb';
const CASE = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';
const OTHER_CASE = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a12';
const note = { userId: USER, caseId: CASE, form: 'note' } as const;

beforeEach(() => window.sessionStorage.clear());

describe('case drafts', () => {
  it('keeps a draft per staff member, case and form, in sessionStorage', () => {
    saveDraft(window.sessionStorage, note, { body: '折り返しの約束: 明日10時' });

    expect(loadDraft(window.sessionStorage, note)).toEqual({ body: '折り返しの約束: 明日10時' });
    expect(window.sessionStorage.getItem(draftKey(note))).toContain('明日10時');
    expect(window.localStorage.length).toBe(0);
    // Another colleague in the same tab, another case, another form: nothing.
    expect(loadDraft(window.sessionStorage, { ...note, userId: OTHER_USER })).toBeNull();
    expect(loadDraft(window.sessionStorage, { ...note, caseId: OTHER_CASE })).toBeNull();
    expect(loadDraft(window.sessionStorage, { ...note, form: 'message' })).toBeNull();
  });

  it('keeps every field of a call log', () => {
    const call = { ...note, form: 'contact' } as const;
    const fields = {
      direction: 'out',
      channel: 'phone',
      occurredAt: '2026-12-04T10:30',
      durationMinutes: '15',
      body: '本人へ折り返し',
    };
    saveDraft(window.sessionStorage, call, fields);
    expect(loadDraft(window.sessionStorage, call)).toEqual(fields);
  });

  it('forgets the draft once its text is emptied, and keeps none for defaults alone', () => {
    saveDraft(window.sessionStorage, note, { body: 'メモ' });
    saveDraft(window.sessionStorage, note, { body: '  \n' });
    expect(window.sessionStorage.getItem(draftKey(note))).toBeNull();

    saveDraft(
      window.sessionStorage,
      { ...note, form: 'contact' },
      { direction: 'in', channel: 'phone', body: '' },
    );
    expect(window.sessionStorage.length).toBe(0);
  });

  it('clears the draft of one form only (after it was saved)', () => {
    saveDraft(window.sessionStorage, note, { body: 'メモ' });
    saveDraft(window.sessionStorage, { ...note, form: 'message' }, { body: 'メッセージ' });
    clearDraft(window.sessionStorage, note);
    expect(loadDraft(window.sessionStorage, note)).toBeNull();
    expect(loadDraft(window.sessionStorage, { ...note, form: 'message' })).toEqual({ body: 'メッセージ' });
  });

  it('reads a damaged or foreign entry as no draft', () => {
    window.sessionStorage.setItem(draftKey(note), '{not json');
    expect(loadDraft(window.sessionStorage, note)).toBeNull();
    window.sessionStorage.setItem(draftKey(note), JSON.stringify({ body: 42 }));
    expect(loadDraft(window.sessionStorage, note)).toBeNull();
    window.sessionStorage.setItem(draftKey(note), JSON.stringify(['body']));
    expect(loadDraft(window.sessionStorage, note)).toBeNull();
  });

  it('works without storage, and survives a full one', () => {
    expect(loadDraft(null, note)).toBeNull();
    expect(() => saveDraft(null, note, { body: 'x' })).not.toThrow();
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    } as unknown as Storage;
    expect(() => saveDraft(full, note, { body: 'x' })).not.toThrow();
  });

  it('drops every case draft of the tab at a deliberate sign-out, and nothing else', () => {
    saveDraft(window.sessionStorage, note, { body: 'メモ' });
    saveDraft(window.sessionStorage, { ...note, caseId: OTHER_CASE, form: 'contact' }, { body: '電話' });
    window.sessionStorage.setItem('madoguchi:intake-draft', 'kept');
    clearAllDrafts(window.sessionStorage);
    expect(Object.keys(window.sessionStorage)).toEqual(['madoguchi:intake-draft']);
  });
});
