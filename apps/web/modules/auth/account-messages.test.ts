import {
  normaliseEnrolmentCode,
  normaliseTotpCode,
  passwordInputErrors,
  toFormFieldErrors,
} from './account-messages';

describe('normaliseTotpCode', () => {
  it('accepts six digits as people type them, full width and spaced included', () => {
    expect(normaliseTotpCode('123456')).toBe('123456');
    expect(normaliseTotpCode('１２３ ４５６')).toBe('123456');
    expect(normaliseTotpCode(' 123-456 ')).toBe('123456');
  });

  it('refuses anything that cannot be a code', () => {
    expect(normaliseTotpCode('12345')).toBeNull();
    expect(normaliseTotpCode('1234567')).toBeNull();
    expect(normaliseTotpCode('abcdef')).toBeNull();
    expect(normaliseTotpCode('')).toBeNull();
  });
});

describe('normaliseEnrolmentCode', () => {
  it('takes full-width and lower-case input', () => {
    expect(normaliseEnrolmentCode(' ｋ７ｑｐ－４mzt-8wxy ')).toBe('K7QP-4MZT-8WXY');
  });
});

describe('passwordInputErrors', () => {
  const valid = {
    currentPassword: 'temporary-pass',
    newPassword: 'a long pass phrase',
    confirmPassword: 'a long pass phrase',
  };

  it('passes a sound change', () => {
    expect(passwordInputErrors(valid, 12)).toEqual([]);
  });

  it('names each field to fix', () => {
    const errors = passwordInputErrors(
      { currentPassword: '', newPassword: 'short', confirmPassword: 'other' },
      12,
    );
    expect(errors.map((error) => `${error.path}:${error.code}`)).toEqual([
      'currentPassword:required',
      'newPassword:too_short',
      'confirmPassword:mismatch',
    ]);
    expect(errors[1]!.message.ja).toContain('12文字以上');
  });

  it('counts characters, not UTF-16 units, and refuses the same password again', () => {
    expect(
      passwordInputErrors({ ...valid, newPassword: '🐱'.repeat(12), confirmPassword: '🐱'.repeat(12) }, 12),
    ).toEqual([]);
    expect(
      passwordInputErrors(
        {
          currentPassword: 'same password!',
          newPassword: 'same password!',
          confirmPassword: 'same password!',
        },
        12,
      ).map((error) => error.code),
    ).toEqual(['unchanged']);
  });
});

describe('toFormFieldErrors', () => {
  it("puts the API's password-policy errors on the new-password field", () => {
    const message = { ja: 'よく使われる', en: 'too common' };
    expect(toFormFieldErrors([{ path: 'password', code: 'too_common', message }])).toEqual([
      { path: 'newPassword', code: 'too_common', message },
    ]);
  });

  it('explains a missing or wrong enrolment code and a wrong TOTP code', () => {
    const api = { ja: 'x', en: 'x' };
    const [required, wrong, code] = toFormFieldErrors([
      { path: 'enrolmentCode', code: 'required', message: api },
      { path: 'enrolmentCode', code: 'wrong', message: api },
      { path: 'code', code: 'wrong', message: api },
    ]);
    expect(required!.message.ja).toContain('管理者から受け取った登録コード');
    expect(wrong!.message.en).toContain('ask an administrator for a new one');
    expect(code!.message.ja).toContain('いまのコード');
  });
});
