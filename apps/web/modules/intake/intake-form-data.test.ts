import { ZIntake } from '@madoguchi/shared';

import { fieldForErrorPath } from './intake-fields';
import {
  enteredAge,
  intakeBody,
  parseWholeNumber,
  previewDraft,
  valuesFromFormData,
} from './intake-form-data';

function formData(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) {
    form.append(name, value);
  }
  return form;
}

describe('intakeBody', () => {
  it('turns a filled-in form into the API body, leaving out what was not answered', () => {
    const values = valuesFromFormData(
      formData([
        ['idempotencyKey', 'b3c7a1c2-0000-4000-8000-000000000000'],
        ['$ACTION_ID_abc', ''],
        ['category', 'fictitious_billing'],
        ['description', 'アダルトサイトで登録完了と出た'],
        ['answers.paid', 'no'],
        ['answers.inDangerNow', 'unknown'],
        ['answers.billingScreenPersists', 'yes'],
        ['answers.amountRequestedYen', '１００,０００円'],
        ['answers.amountPaidYen', ''],
        ['answers.demandVia', 'sms'],
        ['answers.demandVia', 'web'],
        ['identifiers.phones', '090-1111-2222\n\n 03-1234-5678 '],
        ['identifiers.urls', ''],
        ['person.age', '１５'],
        ['person.prefecture', '13'],
        ['contact.preferred', 'none'],
        ['contact.name', ''],
      ]),
    );

    const body = intakeBody(values);

    expect(body).toEqual({
      channel: 'web',
      description: 'アダルトサイトで登録完了と出た',
      category: 'fictitious_billing',
      answers: {
        paid: false,
        billingScreenPersists: true,
        amountRequestedYen: 100000,
        demandVia: ['sms', 'web'],
      },
      person: { age: 15, prefecture: '13' },
      identifiers: { phones: ['090-1111-2222', '03-1234-5678'] },
      consentToShare: false,
    });
    expect(ZIntake.safeParse(body).success).toBe(true);
  });

  it('sends contact details only when the person gave some', () => {
    const anonymous = intakeBody({ description: 'x', 'contact.preferred': 'none' });
    expect(anonymous.contact).toBeUndefined();

    const byPhone = intakeBody({
      description: 'x',
      'contact.preferred': 'phone',
      'contact.phone': '090-1234-5678',
    });
    expect(byPhone.contact).toEqual({ preferred: 'phone', phone: '090-1234-5678' });
    expect(intakeBody({ description: 'x', consentToShare: 'yes' }).consentToShare).toBe(true);
  });

  it('passes an age that is not a number on as invalid, so the API names the field', () => {
    const body = intakeBody({ description: 'x', 'person.age': 'じゅうご' });
    const result = ZIntake.safeParse(JSON.parse(JSON.stringify(body)));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['person', 'age']);
  });
});

describe('parseWholeNumber', () => {
  it('reads full-width digits, separators and 円, and rejects anything else', () => {
    expect(parseWholeNumber('３万')).toBeNaN();
    expect(parseWholeNumber('12,000 円')).toBe(12000);
    expect(parseWholeNumber('  ')).toBeUndefined();
    expect(parseWholeNumber('-5')).toBeNaN();
  });
});

describe('who the consultation is about', () => {
  it('sends the caller block, with the age as the affected person’s, and keeps the writer’s own age apart', () => {
    const parent = {
      description: '娘がLINEで悪口を書かれた',
      'caller.relation': 'guardian',
      'person.age': '12',
    };
    expect(intakeBody(parent)).toMatchObject({ caller: { relation: 'guardian' }, person: { age: 12 } });
    expect(ZIntake.safeParse(intakeBody(parent)).success).toBe(true);
    expect(previewDraft(parent)).toMatchObject({ caller: { relation: 'guardian' } });
    // The age is the child's: a parent is shown no Childline banner and no ruby for it.
    expect(enteredAge(parent)).toBeUndefined();
    expect(enteredAge({ ...parent, 'caller.relation': 'self' })).toBe(12);
    // Not chosen: no block, read by the API as the person writing about themself.
    const { 'caller.relation': _relation, ...unchosen } = parent;
    expect(intakeBody(unchosen).caller).toBeUndefined();
    expect(enteredAge(unchosen)).toBe(12);
  });
});

describe('previewDraft', () => {
  it('leaves contact details and unreadable numbers out of the live guidance request', () => {
    const draft = previewDraft({
      description: '脅されています',
      'answers.amountPaidYen': 'たくさん',
      'person.age': '16',
      'contact.preferred': 'phone',
      'contact.phone': '090-1234-5678',
    });
    expect(draft).toEqual({ channel: 'web', description: '脅されています', person: { age: 16 } });
  });

  it('asks nothing for an untouched form', () => {
    expect(previewDraft({ 'contact.preferred': 'none' })).toBeNull();
  });
});

describe('fieldForErrorPath', () => {
  it('finds the form field for each API error path', () => {
    expect(fieldForErrorPath('description')).toBe('description');
    expect(fieldForErrorPath('identifiers.phones.2')).toBe('identifiers.phones');
    expect(fieldForErrorPath('answers.demandVia.0')).toBe('answers.demandVia');
    expect(fieldForErrorPath('contact')).toBe('contact.preferred');
    expect(fieldForErrorPath('somethingElse')).toBeUndefined();
  });
});
