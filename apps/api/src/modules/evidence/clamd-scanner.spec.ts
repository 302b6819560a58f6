import { parseReply } from './clamd-scanner';

describe("clamd's INSTREAM answers", () => {
  it.each([
    ['stream: OK', { result: 'clean' }],
    ['stream: Eicar-Test-Signature FOUND', { result: 'infected', signature: 'Eicar-Test-Signature' }],
    [
      'stream: Madoguchi.Test.Custom.UNOFFICIAL FOUND',
      { result: 'infected', signature: 'Madoguchi.Test.Custom.UNOFFICIAL' },
    ],
    ['INSTREAM size limit exceeded. ERROR', { result: 'error', detail: 'INSTREAM size limit exceeded.' }],
    ['UNKNOWN COMMAND', { result: 'error', detail: 'UNKNOWN COMMAND' }],
  ])('%j', (answer, verdict) => {
    expect(parseReply(answer)).toEqual(verdict);
  });
});
