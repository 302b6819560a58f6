import { AppError } from '../../common/errors/app-error';
import { resolveVersion } from './case-version';

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('resolveVersion', () => {
  it('takes the version from the body or from If-Match (plain, quoted or weak)', () => {
    expect(resolveVersion(3, undefined)).toBe(3);
    expect(resolveVersion(undefined, '4')).toBe(4);
    expect(resolveVersion(undefined, '"5"')).toBe(5);
    expect(resolveVersion(undefined, 'W/"6"')).toBe(6);
    expect(resolveVersion(7, '"7"')).toBe(7);
  });

  it.each([
    ['missing', undefined, undefined, 'version'],
    ['disagreeing', 2, '"3"', 'version'],
    ['a wildcard', undefined, '*', 'If-Match'],
    ['not a number', undefined, '"abc"', 'If-Match'],
  ])('refuses a %s version with a 400 on the field', (_label, body, header, path) => {
    const error = failure(() => resolveVersion(body, header));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('validation_failed');
    expect(error.options.details).toMatchObject({ fields: [{ path }] });
  });
});
