import { redactUrl } from './log-redaction';

describe('redactUrl', () => {
  it('keeps the path and the parameter names, never the values', () => {
    expect(redactUrl('/api/v1/cases?q=090-1234-5678&status=new')).toBe('/api/v1/cases?q=…&status=…');
    expect(redactUrl('/api/v1/cases?q=%E5%B1%B1%E7%94%B0')).toBe('/api/v1/cases?q=…');
    expect(redactUrl('/api/v1/windows')).toBe('/api/v1/windows');
    expect(redactUrl('/api/v1/cases?')).toBe('/api/v1/cases?');
  });
});
