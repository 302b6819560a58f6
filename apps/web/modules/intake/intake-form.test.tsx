import type { TIntakeDraftInput } from '@madoguchi/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { renderToString } from 'react-dom/server';

import { IntakeForm } from './intake-form';
import { INTAKE_DRAFT_KEY } from './intake-draft';
import type { TIntakeAction, TIntakeFormState } from './intake-form-state';
import { triageFor, windowViews } from './intake-test-fixtures';
import type { TPreviewFetcher } from './triage-preview';

const KEY = 'test-key-0000-0001';

function renderForm({ action }: { action?: TIntakeAction } = {}) {
  const fetchPreview = jest.fn<ReturnType<TPreviewFetcher>, Parameters<TPreviewFetcher>>(async (draft) =>
    triageFor(draft),
  );
  const submit = jest.fn<ReturnType<TIntakeAction>, Parameters<TIntakeAction>>(
    action ?? (async (state) => state),
  );
  render(<IntakeForm action={submit} idempotencyKey={KEY} fetchPreview={fetchPreview} />);
  return { fetchPreview, submit };
}

function stepHeading() {
  return screen.getByRole('heading', { level: 2, name: /ステップ \d \/ 5/ });
}

function next() {
  fireEvent.click(screen.getByRole('button', { name: /次へ/ }));
}

function describe_(text: string) {
  fireEvent.change(screen.getByRole('textbox', { name: /なにがあったか、書いてください/ }), {
    target: { value: text },
  });
}

/** Step 1 filled in (fictitious billing), then on to the given step. */
function goToStep(step: number, description = 'アダルトサイトで「登録完了」と出て、料金を請求されました') {
  fireEvent.click(screen.getByRole('radio', { name: /架空請求・ワンクリック詐欺/ }));
  describe_(description);
  for (let current = 1; current < step; current += 1) {
    next();
  }
  expect(stepHeading()).toHaveTextContent(`ステップ ${step} / 5`);
}

beforeEach(() => {
  // Each test is a fresh tab: no draft, at /intake.
  sessionStorage.clear();
  window.history.replaceState(null, '', '/intake');
});

describe('consultation form, with JavaScript', () => {
  it('starts at step 1 of 5 and keeps the other steps out of view', () => {
    renderForm();

    expect(stepHeading()).toHaveTextContent('ステップ 1 / 5');
    expect(
      screen.getByRole('list', { name: /進みぐあい/ }).querySelector('[aria-current="step"]'),
    ).toHaveTextContent('1');
    expect(screen.queryByRole('heading', { name: /ステップ 2 \/ 5/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /この内容で送る/ })).toBeNull();
  });

  it('does not move on without a description, and ties the message to the field', () => {
    renderForm();

    next();

    const description = screen.getByRole('textbox', { name: /なにがあったか、書いてください/ });
    expect(description).toHaveAttribute('aria-invalid', 'true');
    expect(description).toHaveAccessibleDescription(/ここに書いてください/);
    expect(description).toHaveFocus();
    expect(stepHeading()).toHaveTextContent('ステップ 1 / 5');
  });

  it('asks the yes/no questions that fit the chosen trouble, "in danger now" first', () => {
    renderForm();
    goToStep(2);

    const groups = screen.getAllByRole('group');
    expect(groups[0]).toHaveAccessibleName(/いま、あぶない目にあいそうですか/);
    expect(screen.getByRole('group', { name: /消しても何度も出てきますか/ })).toBeVisible();
    expect(screen.getByRole('textbox', { name: /いくら請求されていますか/ })).toBeVisible();
    // Stalking is not a question about fictitious billing.
    expect(screen.queryByRole('group', { name: /つきまとわれたり/ })).toBeNull();
  });

  it('shows the 110 banner the moment the person says they are in danger now', () => {
    renderForm();
    goToStep(2);
    expect(screen.queryByRole('alert')).toBeNull();

    const danger = screen.getByRole('group', { name: /いま、あぶない目にあいそうですか/ });
    fireEvent.click(within(danger).getByRole('radio', { name: /はい/ }));

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('いますぐ110番に電話してください');
    expect(within(alert).getByRole('link', { name: /110番に電話する/ })).toHaveAttribute('href', 'tel:110');

    fireEvent.click(within(danger).getByRole('radio', { name: /いいえ/ }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers Childline (free) to anyone who gives an age of 18 or less', () => {
    renderForm();
    goToStep(3);
    const age = screen.getByRole('textbox', { name: /年齢/ });
    const childline = () => screen.queryByRole('link', { name: /チャイルドライン 0120-99-7777/ });

    fireEvent.change(age, { target: { value: '18' } });
    expect(childline()).toHaveAttribute('href', 'tel:0120997777');
    expect(screen.getByText(/電話代はかかりません/)).toBeVisible();

    fireEvent.change(age, { target: { value: '19' } });
    expect(childline()).toBeNull();

    fireEvent.change(age, { target: { value: '１２' } });
    expect(childline()).not.toBeNull();
  });

  it('shows live advice on what never to do, without sending contact details for it', async () => {
    const { fetchPreview } = renderForm();
    goToStep(1);

    const advice = await screen.findByRole('region', { name: /してはいけないこと/ }, { timeout: 3000 });
    expect(within(advice).getByText('お金を払わないでください。')).toBeVisible();
    expect(within(advice).getByText(/相手に連絡しないでください/)).toBeVisible();

    const draft: TIntakeDraftInput | undefined = fetchPreview.mock.calls.at(-1)?.[0];
    expect(draft).toMatchObject({
      category: 'fictitious_billing',
      description: expect.stringContaining('登録完了'),
    });
    expect(draft).not.toHaveProperty('contact');
  });

  it('puts the live guidance above the button that moves on, on every step it shows', async () => {
    renderForm();
    goToStep(1);

    const guidance = await screen.findByRole(
      'complementary',
      { name: /いま、気をつけてほしいこと/ },
      { timeout: 3000 },
    );
    const above = (button: HTMLElement) =>
      expect(guidance.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    above(screen.getByRole('button', { name: /次へ/ }));

    for (let step = 2; step <= 5; step += 1) {
      next();
    }
    expect(stepHeading()).toHaveTextContent('ステップ 5 / 5');
    above(screen.getByRole('button', { name: /この内容で送る/ }));
    expect(within(guidance).getByRole('region', { name: /してはいけないこと/ })).toBeVisible();
  });

  it('shows the 110 banner in the live guidance when only the text says the person is in danger', async () => {
    renderForm();
    describe_('いま家の前に元交際相手がいて、殺すと言われています。助けてください。');

    const guidance = await screen.findByRole(
      'complementary',
      { name: /いま、気をつけてほしいこと/ },
      { timeout: 3000 },
    );
    const banner = await within(guidance).findByRole('alert');
    expect(banner).toHaveTextContent('いますぐ110番に電話してください');
    expect(within(banner).getByRole('link', { name: /110番に電話する/ })).toHaveAttribute('href', 'tel:110');
    expect(guidance.compareDocumentPosition(screen.getByRole('button', { name: /次へ/ }))).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
  });

  it('after "no court papers", says what to do if a special-delivery envelope comes later', () => {
    renderForm();
    goToStep(2);
    const court = screen.getByRole('group', { name: /裁判所からの書類/ });
    const note = () => screen.queryByText(/あとで裁判所から「特別送達」の封筒が届いたら/);
    expect(note()).toBeNull();

    fireEvent.click(within(court).getByRole('radio', { name: /いいえ/ }));
    expect(note()).toBeVisible();
    expect(note()).toHaveTextContent(/special delivery/);
    // In a live region, so a screen reader reads it out when "no" is picked.
    expect(note()!.closest('[role="status"]')).not.toBeNull();

    fireEvent.click(within(court).getByRole('radio', { name: /はい/ }));
    expect(note()).toBeNull();
  });

  it('lets people stay anonymous, and asks for a phone number only when they choose a call', () => {
    renderForm();
    goToStep(4);

    expect(screen.getByRole('radio', { name: /連絡はいらない\(匿名で相談する\)/ })).toBeChecked();
    expect(screen.getByText(/名前や連絡先を書かなくても相談できます/)).toBeVisible();
    expect(screen.queryByRole('textbox', { name: /あなたの電話番号/ })).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: /電話で連絡してほしい/ }));
    expect(screen.getByRole('textbox', { name: /あなたの電話番号/ })).toBeEnabled();
    // The e-mail box is hidden and disabled, so nothing typed in it earlier is sent.
    expect(document.getElementById('field-contact-email')).toBeDisabled();

    next();
    const phone = screen.getByRole('textbox', { name: /あなたの電話番号/ });
    expect(phone).toHaveAccessibleDescription(/電話番号を書いてください/);
    expect(stepHeading()).toHaveTextContent('ステップ 4 / 5');
  });

  it('sums everything up on the last step and sends it with the submission key', async () => {
    const receipt = triageFor({ description: 'x' });
    const { submit } = renderForm({
      action: async () => ({
        status: 'submitted',
        receipt: { receiptNumber: 'K7QP-4MZT', accessCode: '7EDAH-F42E7', triage: receipt },
        windows: windowViews(),
        age: undefined,
        courtPapersReceived: undefined,
      }),
    });
    goToStep(5);

    const what = screen.getByRole('region', { name: /^なにがあったか\s*What happened$/ });
    expect(within(what).getByText('アダルトサイトで「登録完了」と出て、料金を請求されました')).toBeVisible();
    expect(within(what).getByText('架空請求・ワンクリック詐欺')).toBeVisible();
    expect(within(what).getByRole('button', { name: /なおす/ })).toBeVisible();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /この内容で送る/ }));
    });

    const form: FormData | undefined = submit.mock.calls[0]?.[1];
    expect(form?.get('idempotencyKey')).toBe(KEY);
    expect(form?.get('description')).toContain('登録完了');
    expect(await screen.findByRole('heading', { level: 1, name: /相談を受け付けました/ })).toHaveFocus();
    expect(screen.getByText('K7QP-4MZT')).toBeVisible();
    expect(screen.getByText('7EDAH-F42E7')).toBeVisible();
    // Sent: the tab keeps nothing of the story.
    expect(sessionStorage.getItem(INTAKE_DRAFT_KEY)).toBeNull();
    expect(window.location.search).toBe('');
  });

  it("announces the server's errors at the top, each linked to its field and tied to it", async () => {
    const failed: TIntakeFormState = {
      status: 'failed',
      attempt: 'attempt-1',
      idempotencyKey: KEY,
      values: { description: '', 'person.age': '200' },
      message: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
      fields: [
        {
          path: 'description',
          code: 'too_small',
          message: { ja: 'ここに書いてください', en: 'Please fill this in' },
        },
        {
          path: 'person.age',
          code: 'too_big',
          message: {
            ja: '年齢は0から120までの数字で書いてください',
            en: 'Please enter an age from 0 to 120',
          },
        },
      ],
    };
    renderForm({ action: async () => failed });
    goToStep(5);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /この内容で送る/ }));
    });

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent('入力内容を確認してください。');
    expect(summary).toHaveFocus();
    expect(
      within(summary).getByRole('link', { name: /なにがあったか: ここに書いてください/ }),
    ).toHaveAttribute('href', '#field-description');
    const age = screen.getByRole('textbox', { name: /年齢/ });
    expect(within(summary).getByRole('link', { name: /年齢: 年齢は0から120まで/ })).toHaveAttribute(
      'href',
      `#${age.id}`,
    );
    expect(age).toHaveAttribute('aria-invalid', 'true');
    expect(age).toHaveAccessibleDescription(/年齢は0から120までの数字で書いてください/);
    expect(age).toHaveValue('200');
    // Every section is in view again, so each error can be reached.
    await waitFor(() =>
      expect(screen.getAllByRole('heading', { level: 2, name: /ステップ/ })).toHaveLength(5),
    );
  });
});

describe('consultation form, steps in history and a draft in this tab', () => {
  const draft = () => sessionStorage.getItem(INTAKE_DRAFT_KEY) ?? '';

  it('makes each step a history entry: Back shows the step before with its answers, Forward goes on', async () => {
    renderForm();
    goToStep(2);
    fireEvent.click(
      within(screen.getByRole('group', { name: /もうお金をはらいましたか/ })).getByRole('radio', {
        name: /いいえ/,
      }),
    );
    next();
    expect(window.location.search).toBe('?step=3');

    act(() => window.history.back());
    await waitFor(() => expect(stepHeading()).toHaveTextContent('ステップ 2 / 5'));
    expect(
      within(screen.getByRole('group', { name: /もうお金をはらいましたか/ })).getByRole('radio', {
        name: /いいえ/,
      }),
    ).toBeChecked();
    expect(stepHeading()).toHaveFocus();

    act(() => window.history.back());
    await waitFor(() => expect(stepHeading()).toHaveTextContent('ステップ 1 / 5'));
    expect(screen.getByRole('textbox', { name: /なにがあったか/ })).toHaveValue(
      'アダルトサイトで「登録完了」と出て、料金を請求されました',
    );

    act(() => window.history.forward());
    await waitFor(() => expect(stepHeading()).toHaveTextContent('ステップ 2 / 5'));
    // The form's own "back" button goes to the same entry as the browser's.
    fireEvent.click(screen.getByRole('button', { name: /もどる/ }));
    await waitFor(() => expect(stepHeading()).toHaveTextContent('ステップ 1 / 5'));
    expect(window.location.search).toBe('');
  }, 30_000);

  it('keeps a draft in sessionStorage that a reload in the same tab puts back, at the same step', async () => {
    const { unmount } = render(<IntakeForm action={async (state) => state} idempotencyKey={KEY} />);
    goToStep(3);
    fireEvent.change(screen.getByRole('textbox', { name: /年齢/ }), { target: { value: '14' } });
    expect(draft()).toContain('登録完了');
    expect(localStorage.length).toBe(0);
    unmount();

    render(<IntakeForm action={async (state) => state} idempotencyKey={KEY} />);
    await waitFor(() => expect(stepHeading()).toHaveTextContent('ステップ 3 / 5'));
    expect(screen.getByRole('textbox', { name: /年齢/ })).toHaveValue('14');
    expect(screen.getByRole('radio', { name: /架空請求・ワンクリック詐欺/, hidden: true })).toBeChecked();
  }, 30_000);

  it('empties the form and the draft with "clear this device", back at step 1', async () => {
    renderForm();
    goToStep(2);
    expect(draft()).toContain('登録完了');

    fireEvent.click(screen.getByRole('button', { name: /この端末から消す/ }));

    await waitFor(() => expect(screen.getByText('この端末から消しました。')).toHaveFocus());
    expect(stepHeading()).toHaveTextContent('ステップ 1 / 5');
    expect(screen.getByRole('textbox', { name: /なにがあったか/ })).toHaveValue('');
    expect(screen.getByRole('radio', { name: /架空請求・ワンクリック詐欺/ })).not.toBeChecked();
    expect(draft()).not.toContain('登録完了');
    expect(window.location.search).toBe('');
  }, 30_000);
});

describe('consultation form, when the service cannot take it', () => {
  it('keeps what the person wrote and offers phone numbers to call now', async () => {
    const failed: TIntakeFormState = {
      status: 'failed',
      attempt: 'attempt-1',
      idempotencyKey: KEY,
      values: { description: '元彼が家の前にいるかもしれない' },
      message: { ja: '処理できませんでした(内容は保存されていません)。', en: 'Nothing was saved.' },
      fields: [],
      unavailable: true,
    };
    renderForm({ action: async () => failed });
    goToStep(5);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /この内容で送る/ }));
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('保存されていません');
    const callNow = screen.getByRole('region', { name: /いま電話で相談できるところ/ });
    expect(within(callNow).getByRole('link', { name: '110' })).toHaveAttribute('href', 'tel:110');
    expect(within(callNow).getByRole('link', { name: '#9110' })).toHaveAttribute('href', 'tel:%239110');
    expect(screen.getByRole('textbox', { name: /なにがあったか/ })).toHaveValue(
      '元彼が家の前にいるかもしれない',
    );
  });

  it("says when to send again, from the service's Retry-After, and keeps the text and the key", async () => {
    const failed: TIntakeFormState = {
      status: 'failed',
      attempt: 'attempt-2',
      idempotencyKey: KEY,
      values: { description: '副業の登録料を払ってしまった' },
      message: { ja: 'ただいま混み合っています。', en: 'We are very busy right now.' },
      fields: [],
      unavailable: true,
      retryAfterSeconds: 5,
    };
    renderForm({ action: async () => failed });
    goToStep(5);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /この内容で送る/ }));
    });
    const callNow = await screen.findByRole('region', { name: /いま電話で相談できるところ/ });
    expect(callNow).toHaveTextContent('5秒ほどたってから、もう一度「送る」を押してください');
    expect(callNow).toHaveTextContent('Please press send again in about 5 seconds.');
    expect(screen.getByRole('textbox', { name: /なにがあったか/ })).toHaveValue(
      '副業の登録料を払ってしまった',
    );
    expect(document.querySelector('input[name="idempotencyKey"]')).toHaveAttribute('value', KEY);
  });
});

describe('consultation form, without JavaScript', () => {
  it('is one page with every section and one submit button', () => {
    const html = renderToString(<IntakeForm action={async (state) => state} idempotencyKey={KEY} />);
    const page = document.createElement('div');
    page.innerHTML = html;

    const sections = [...page.querySelectorAll('section.step')];
    expect(sections).toHaveLength(5);
    expect(sections.filter((section) => section.hasAttribute('hidden'))).toHaveLength(0);
    expect(page.querySelector('input[name="idempotencyKey"]')).toHaveAttribute('value', KEY);
    expect(page.querySelectorAll('button[type="submit"]')).toHaveLength(1);
    expect(page.textContent).not.toContain('次へ');
    // Without JavaScript every question is asked, whatever the trouble.
    expect(page.querySelector('#field-answers-stalked')).not.toBeNull();
    expect(page.querySelector('#field-contact-phone')).not.toBeDisabled();
  });
});
