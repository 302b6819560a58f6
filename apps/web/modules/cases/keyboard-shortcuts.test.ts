import { isTypingTarget, shortcutKey, unfoldAround } from './keyboard-shortcuts';

const KEYS = ['n', 'c', 'm', 's', 'a', '?'];

/** A keydown as the browser dispatches it, on `target`. */
function keydown(key: string, target: Element, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

function element<T extends HTMLElement>(html: string): T {
  document.body.innerHTML = html;
  return document.body.firstElementChild as T;
}

describe('shortcutKey', () => {
  it('takes a shortcut pressed on the page, a link or a button', () => {
    expect(shortcutKey(keydown('n', document.body), KEYS)).toBe('n');
    expect(shortcutKey(keydown('s', element('<a href="#x">link</a>')), KEYS)).toBe('s');
    expect(shortcutKey(keydown('a', element('<button type="button">b</button>')), KEYS)).toBe('a');
    // `?` is typed with Shift: Shift does not cancel a shortcut.
    expect(shortcutKey(keydown('?', document.body, { shiftKey: true }), KEYS)).toBe('?');
  });

  it('ignores keys that are not shortcuts', () => {
    expect(shortcutKey(keydown('x', document.body), KEYS)).toBeNull();
    expect(shortcutKey(keydown('N', document.body, { shiftKey: true }), KEYS)).toBeNull();
  });

  it('never fires while typing in a text field, a text area, a select or an editable region', () => {
    for (const html of [
      '<input type="text">',
      '<input>',
      '<input type="search">',
      '<input type="number">',
      '<textarea></textarea>',
      '<select><option>a</option></select>',
      '<div contenteditable="true">x</div>',
    ]) {
      const target = element(html);
      expect([html, shortcutKey(keydown('n', target), KEYS)]).toEqual([html, null]);
    }
  });

  it('still fires on a radio button or a checkbox, which take no text', () => {
    expect(shortcutKey(keydown('m', element('<input type="radio" name="k">')), KEYS)).toBe('m');
    expect(shortcutKey(keydown('c', element('<input type="checkbox">')), KEYS)).toBe('c');
  });

  it('leaves keys with Ctrl, Alt or Meta to the browser and the screen reader', () => {
    expect(shortcutKey(keydown('n', document.body, { ctrlKey: true }), KEYS)).toBeNull();
    expect(shortcutKey(keydown('n', document.body, { altKey: true }), KEYS)).toBeNull();
    expect(shortcutKey(keydown('n', document.body, { metaKey: true }), KEYS)).toBeNull();
  });

  it('ignores a key while an input method composes, or one already handled', () => {
    expect(shortcutKey(keydown('n', document.body, { isComposing: true }), KEYS)).toBeNull();
    const handled = new KeyboardEvent('keydown', { key: 'n', cancelable: true });
    handled.preventDefault();
    document.body.dispatchEvent(handled);
    expect(shortcutKey(handled, KEYS)).toBeNull();
  });

  it('waits while a dialog is open', () => {
    document.body.innerHTML = '<dialog open><button type="button">close</button></dialog>';
    const button = document.querySelector('button')!;
    expect(shortcutKey(keydown('n', button), KEYS)).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('is false for nothing and for non-elements', () => {
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget(window)).toBe(false);
  });
});

describe('unfoldAround', () => {
  it('opens the folded parts around a control, and nothing else', () => {
    document.body.innerHTML = `
      <details id="outer"><summary>紹介</summary>
        <details id="inner"><summary>紹介を作成</summary><textarea></textarea></details>
      </details>
      <details id="other"><summary>統合</summary></details>`;
    unfoldAround(document.querySelector('textarea')!);
    expect(document.querySelector<HTMLDetailsElement>('#outer')!.open).toBe(true);
    expect(document.querySelector<HTMLDetailsElement>('#inner')!.open).toBe(true);
    expect(document.querySelector<HTMLDetailsElement>('#other')!.open).toBe(false);
  });
});
