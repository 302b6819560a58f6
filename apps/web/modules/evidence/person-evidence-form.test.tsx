import { act, fireEvent, render, screen } from '@testing-library/react';

import { PersonEvidenceForm } from './person-evidence-form';

/** The browser's XMLHttpRequest, played by the test: it records what was sent and answers when told. */
class FakeRequest {
  static last: FakeRequest | undefined;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: FormData | undefined;
  status = 0;
  responseText = '';
  private readonly listeners: Record<string, Array<() => void>> = {};
  private readonly uploadListeners: Record<string, Array<(event: ProgressEvent) => void>> = {};
  upload = {
    addEventListener: (type: string, listener: (event: ProgressEvent) => void) => {
      (this.uploadListeners[type] ??= []).push(listener);
    },
  };

  constructor() {
    FakeRequest.last = this;
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }

  addEventListener(type: string, listener: () => void) {
    (this.listeners[type] ??= []).push(listener);
  }

  send(body: FormData) {
    this.sent = body;
  }

  progress(loaded: number, total: number) {
    for (const listener of this.uploadListeners.progress ?? []) {
      listener({ loaded, total, lengthComputable: true } as ProgressEvent);
    }
  }

  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    for (const listener of this.listeners.load ?? []) {
      listener();
    }
  }
}

const original = global.XMLHttpRequest;
beforeEach(() => {
  FakeRequest.last = undefined;
  global.XMLHttpRequest = FakeRequest as unknown as typeof XMLHttpRequest;
});
afterEach(() => {
  global.XMLHttpRequest = original;
});

function renderForm() {
  const view = render(<PersonEvidenceForm receiptNumber="K7QP-4MZT" accessCode="7EDAH-F42E7" />);
  const input = screen.getByLabelText(/送るファイルを選ぶ/) as HTMLInputElement;
  return { ...view, input };
}

function choose(input: HTMLInputElement, ...files: File[]) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

const HASH = 'c'.repeat(64);

describe('the person’s evidence form', () => {
  it('is a plain multipart form: the receipt number and access code come before the files', () => {
    const { container, input } = renderForm();
    const form = container.querySelector('form')!;
    expect(form).toHaveAttribute('method', 'post');
    expect(form).toHaveAttribute('action', '/status/evidence');
    expect(form).toHaveAttribute('enctype', 'multipart/form-data');
    const names = Array.from(form.querySelectorAll('input')).map((element) => element.name);
    expect(names).toEqual(['receiptNumber', 'accessCode', 'file']);
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('multiple');
    expect(input.accept).toContain('.eml');
    expect(input).toHaveAccessibleDescription(/10MBまで.*20ファイルまで.*ウイルス検査/);
    expect(screen.getByRole('button', { name: /ファイルを送る/ })).toBeEnabled();
  });

  it('with JavaScript: shows the progress, then each file received with its SHA-256, and focuses the answer', async () => {
    const { input } = renderForm();
    choose(input, new File(['png'], 'line.png', { type: 'image/png' }), new File(['%PDF'], 'bill.pdf'));
    fireEvent.click(screen.getByRole('button', { name: /ファイルを送る/ }));
    const request = FakeRequest.last!;
    expect(request.method).toBe('POST');
    expect(request.headers.accept).toBe('application/json');
    expect([...request.sent!.keys()]).toEqual(['receiptNumber', 'accessCode', 'file', 'file']);

    act(() => request.progress(50, 200));
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '25');
    expect(screen.getByRole('button', { name: /送っています/ })).toBeDisabled();

    await act(async () => {
      request.answer(201, {
        status: 'received',
        files: [
          { name: 'line.png', kind: 'png', sizeBytes: 2048, sha256: HASH },
          { name: 'bill.pdf', kind: 'pdf', sizeBytes: 300, sha256: 'd'.repeat(64) },
        ],
      });
    });
    const result = screen.getByRole('status');
    expect(result).toHaveTextContent('2件のファイルを受け取りました');
    expect(result).toHaveTextContent('line.png');
    expect(result).toHaveTextContent(HASH);
    expect(result).toHaveTextContent('2.0 KB');
    expect(result).toHaveTextContent('画像(PNG)');
    expect(result).toHaveFocus();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says which file was refused and why, as an alert, and keeps the choice to send again', async () => {
    const { input } = renderForm();
    choose(input, new File(['PK'], 'photos.zip'));
    fireEvent.click(screen.getByRole('button', { name: /ファイルを送る/ }));
    await act(async () => {
      FakeRequest.last!.answer(415, {
        status: 'refused',
        reason: 'evidence_type_not_allowed',
        file: 'photos.zip',
        message: {
          ja: '「photos.zip」は受け付けられない形式です。',
          en: '"photos.zip" is not an accepted format.',
        },
        details: [],
      });
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('「photos.zip」は受け付けられない形式です。');
    expect(alert).toHaveTextContent('相談の内容はそのまま届いています');
    expect(alert).toHaveFocus();
    expect(screen.getByRole('button', { name: /ファイルを送る/ })).toBeEnabled();
  });

  it('with nothing chosen, says so without sending anything', () => {
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: /ファイルを送る/ }));
    expect(screen.getByRole('alert')).toHaveTextContent('ファイルが選ばれていません。');
    expect(FakeRequest.last).toBeUndefined();
  });

  it('a lost connection is told plainly', async () => {
    const { input } = renderForm();
    choose(input, new File(['x'], 'memo.txt'));
    fireEvent.click(screen.getByRole('button', { name: /ファイルを送る/ }));
    await act(async () => {
      FakeRequest.last!.answer(502, 'Bad gateway');
    });
    expect(screen.getByRole('alert')).toHaveTextContent('送信が途中で切れました');
  });
});
