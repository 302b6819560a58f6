import type { Logger } from '@nestjs/common';

const REPORT_EVERY_MS = 60_000;

/**
 * A warning about shed requests at most once a minute, with how many since the last one. A shed request is an
 * expected answer, not an error: logging each (with its stack) would add work exactly when the process has none
 * to spare, and bury the log under thousands of identical lines.
 */
export class ShedReport {
  private since = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: Logger,
    private readonly describe: (shed: number) => string,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  note(): void {
    this.since++;
    if (this.nowMs() - this.last >= REPORT_EVERY_MS) {
      this.logger.warn(this.describe(this.since));
      this.since = 0;
      this.last = this.nowMs();
    }
  }
}
