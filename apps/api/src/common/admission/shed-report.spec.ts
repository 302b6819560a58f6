import type { Logger } from '@nestjs/common';
import { ShedReport } from './shed-report';

describe('ShedReport', () => {
  it('warns at most once a minute, with the number shed since the last warning', () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
    let now = 0;
    const report = new ShedReport(
      logger,
      (shed) => `${shed} shed`,
      () => now,
    );

    report.note();
    now = 1_000;
    report.note();
    report.note();
    expect(warnings).toEqual(['1 shed']);

    now = 60_000;
    report.note();
    expect(warnings).toEqual(['1 shed', '3 shed']);
    now = 119_999;
    report.note();
    expect(warnings).toHaveLength(2);
    now = 120_000;
    report.note();
    expect(warnings).toEqual(['1 shed', '3 shed', '2 shed']);
  });
});
