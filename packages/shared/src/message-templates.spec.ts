import { fillTemplate, templatePlaceholders, unknownTemplatePlaceholders } from './message-templates';

describe('message template placeholders', () => {
  it('finds the placeholders a body names, spaces inside the braces allowed, each once', () => {
    expect(templatePlaceholders('{{receipt}} {{ window.name }} {{receipt}}')).toEqual([
      'receipt',
      'window.name',
    ]);
  });

  it('names the unknown ones (typos, other fields) and accepts a body without any', () => {
    expect(unknownTemplatePlaceholders('{{window.adress}} {{window.name}} {{person.name}}')).toEqual([
      'window.adress',
      'person.name',
    ]);
    expect(unknownTemplatePlaceholders('お電話ください。{ 単独の括弧 }')).toEqual([]);
  });

  it('fills what it has and leaves the rest in the text, listed as missing', () => {
    expect(
      fillTemplate('{{window.name}}({{window.phone}})へ。受付番号 {{receipt}}', {
        receipt: 'K7QP-4MZT',
        'window.name': '消費者ホットライン',
      }),
    ).toEqual({
      text: '消費者ホットライン({{window.phone}})へ。受付番号 K7QP-4MZT',
      missing: ['window.phone'],
    });
  });
});
