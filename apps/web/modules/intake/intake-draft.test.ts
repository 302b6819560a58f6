import {
  clearIntakeDraft,
  fillForm,
  INTAKE_DRAFT_KEY,
  loadIntakeDraft,
  saveIntakeDraft,
  type TIntakeDraft,
} from './intake-draft';

const DRAFT: TIntakeDraft = {
  step: 1,
  reached: 2,
  values: {
    category: 'sns_threat_stalking',
    description: '元交際相手にSNSでつきまとわれています',
    'answers.demandVia': ['sms', 'sns'],
  },
};

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  document.cookie.split(';').forEach((cookie) => {
    document.cookie = `${cookie.split('=')[0]}=; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  });
});

describe('the intake draft, kept in this tab only', () => {
  it('is saved to and read back from sessionStorage, and nowhere else', () => {
    expect(saveIntakeDraft(DRAFT)).toBe(true);

    expect(loadIntakeDraft()).toEqual(DRAFT);
    expect(sessionStorage.getItem(INTAKE_DRAFT_KEY)).toContain('つきまとわれています');
    // A story about stalking must not outlive the tab: nothing in localStorage or in a cookie.
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('is gone after clearing', () => {
    saveIntakeDraft(DRAFT);
    clearIntakeDraft();

    expect(loadIntakeDraft()).toBeUndefined();
    expect(sessionStorage.getItem(INTAKE_DRAFT_KEY)).toBeNull();
  });

  it('is dropped when it cannot be read (damaged or from another version), not half-restored', () => {
    sessionStorage.setItem(INTAKE_DRAFT_KEY, '{"step": 1, "reached": 2, "values": {"description": 42}}');
    expect(loadIntakeDraft()).toBeUndefined();
    expect(sessionStorage.getItem(INTAKE_DRAFT_KEY)).toBeNull();

    sessionStorage.setItem(INTAKE_DRAFT_KEY, 'not json');
    expect(loadIntakeDraft()).toBeUndefined();
    expect(sessionStorage.getItem(INTAKE_DRAFT_KEY)).toBeNull();
  });

  it('never shows a step beyond the furthest one reached', () => {
    sessionStorage.setItem(INTAKE_DRAFT_KEY, JSON.stringify({ ...DRAFT, step: 4, reached: 2 }));
    expect(loadIntakeDraft()?.step).toBe(2);
  });

  it('lets the form go on when the browser refuses storage (full, or blocked)', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;

    expect(saveIntakeDraft(DRAFT, refusing)).toBe(false);
    expect(loadIntakeDraft(refusing)).toBeUndefined();
    expect(() => clearIntakeDraft(refusing)).not.toThrow();
  });
});

describe('putting a draft back into the form', () => {
  it('fills text, radios, checkboxes and selects, and opens the disclosure a filled box is in', () => {
    document.body.innerHTML = `
      <form>
        <input type="hidden" name="idempotencyKey" value="key-1" />
        <input type="radio" name="category" value="phishing" checked />
        <input type="radio" name="category" value="sns_threat_stalking" />
        <textarea name="description"></textarea>
        <input type="checkbox" name="answers.demandVia" value="sms" />
        <input type="checkbox" name="answers.demandVia" value="email" checked />
        <input type="checkbox" name="answers.demandVia" value="sns" />
        <select name="person.prefecture"><option value=""></option><option value="13">東京都</option></select>
        <details><summary>相手の電話番号</summary><textarea name="identifiers.phones"></textarea></details>
      </form>`;
    const form = document.querySelector('form')!;

    fillForm(form, {
      ...DRAFT.values,
      'person.prefecture': '13',
      'identifiers.phones': '090-0000-0000',
    });

    const data = new FormData(form);
    expect(data.get('category')).toBe('sns_threat_stalking');
    expect(data.get('description')).toBe('元交際相手にSNSでつきまとわれています');
    expect(data.getAll('answers.demandVia')).toEqual(['sms', 'sns']);
    expect(data.get('person.prefecture')).toBe('13');
    expect(data.get('idempotencyKey')).toBe('key-1');
    expect(form.querySelector('details')!.open).toBe(true);
  });
});
