import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../../common/clock';
import { ApiConfig } from '../../config/api-config';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { ClamdScanner, ScannerUnreachable } from './clamd-scanner';
import { EvidencePreviewService } from './evidence-preview.service';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceNotStored, EvidenceStore } from './evidence-store';

/**
 * One file's virus scan. The key (file and attempt) makes a sweep's send and a retry's send of the same attempt
 * one job.
 */
export const evidenceScanJob = defineJob({
  name: 'evidence.scan-file',
  payload: z.object({ fileId: z.uuid(), attempt: z.number().int().min(0) }),
  key: ({ fileId, attempt }) => `${fileId}:${attempt}`,
});

/**
 * Every ten minutes: queues the scans of files still pending (after a restart, or jobs that were lost) and the
 * preview copies of clean files still without them, and removes temporary files of uploads cut short by a crash (older than an hour).
 */
export const evidenceScanSweepJob = defineJob({
  name: 'evidence.scan-sweep',
  payload: z.object({}),
  schedule: { cron: '*/10 * * * *', payload: {} },
});

const SWEEP_BATCH = 500;
const HOUR = 3_600_000;

/**
 * Virus scanning of evidence with ClamAV's clamd: pending → clean | infected | failed. A file is only ever served
 * once clean. Scanner unreachable: the file stays pending and its next scan is queued after a back-off that
 * doubles per attempt (EVIDENCE_SCAN_RETRY_*), never given up. No scanner configured (CLAMD_ADDRESS unset): files
 * stay pending and unopenable, and the case page says so.
 */
@Injectable()
export class EvidenceScanService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(EvidenceScanService.name);
  private readonly scanner: ClamdScanner | undefined;

  constructor(
    private readonly repository: EvidenceRepository,
    private readonly store: EvidenceStore,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly config: ApiConfig,
    private readonly previews: EvidencePreviewService,
  ) {
    const address = config.env.CLAMD_ADDRESS;
    this.scanner = address ? new ClamdScanner(address, config.env.CLAMD_TIMEOUT_MS) : undefined;
  }

  get configured(): boolean {
    return this.scanner !== undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.jobs.register(evidenceScanJob, ({ fileId }) => this.scan(fileId));
    await this.jobs.register(evidenceScanSweepJob, async () => {
      const stale = await this.store.removeStaleTemporaryFiles(new Date(this.clock.now().getTime() - HOUR));
      if (stale > 0) {
        this.logger.warn(`Removed ${stale} temporary evidence file(s) of interrupted uploads`);
      }
      await this.previews.sweep();
      await this.sweep();
    });
  }

  onApplicationBootstrap(): void {
    if (!this.scanner) {
      this.logger.warn('CLAMD_ADDRESS is not set: evidence files stay unscanned and cannot be opened');
    }
  }

  /** Queues the first scan of new files. A failure to queue loses nothing: the sweep finds them pending. */
  async queue(fileIds: string[]): Promise<void> {
    if (!this.scanner) {
      return;
    }
    for (const fileId of fileIds) {
      try {
        await this.jobs.send(evidenceScanJob, { fileId, attempt: 0 });
      } catch (error) {
        this.logger.warn(
          `Scan of evidence ${fileId} not queued (${(error as Error).message}); the sweep will`,
        );
      }
    }
  }

  /** Queues a scan for every pending file (the job key keeps a file's waiting retry from being doubled). */
  async sweep(): Promise<number> {
    if (!this.scanner) {
      return 0;
    }
    const pending = await this.repository.pending(SWEEP_BATCH);
    for (const file of pending) {
      await this.jobs.send(evidenceScanJob, { fileId: file.id, attempt: file.scanAttempts });
    }
    return pending.length;
  }

  /** Scans one file, once; see the class comment for what each outcome does. */
  async scan(fileId: string): Promise<void> {
    const file = await this.repository.find(fileId);
    // A deleted file (a tombstone) has no bytes left to scan.
    if (!file || file.deletedAt !== null || file.scanState !== 'pending' || !this.scanner) {
      return;
    }
    try {
      const body = await this.store.open({ caseId: file.caseId, fileId });
      const verdict = await this.scanner.scan(body);
      const at = this.clock.now();
      switch (verdict.result) {
        case 'clean':
          // Only now may copies for viewing be made (never of a pending, infected or failed file).
          if (await this.repository.recordVerdict({ id: fileId, state: 'clean', detail: null, at })) {
            await this.previews.queue(fileId);
          }
          return;
        case 'infected':
          // Quarantined: the state alone keeps it from ever being served; the signature tells staff why.
          this.logger.warn(`Evidence ${fileId} is infected (${verdict.signature}): quarantined`);
          await this.repository.recordVerdict({
            id: fileId,
            state: 'infected',
            detail: verdict.signature,
            at,
          });
          return;
        case 'error':
          this.logger.warn(`Evidence ${fileId} could not be scanned: ${verdict.detail}`);
          await this.repository.recordVerdict({ id: fileId, state: 'failed', detail: verdict.detail, at });
          return;
        default:
          return verdict satisfies never;
      }
    } catch (error) {
      if (error instanceof EvidenceNotStored) {
        await this.repository.recordVerdict({
          id: fileId,
          state: 'failed',
          detail: 'the stored file is missing',
          at: this.clock.now(),
        });
        return;
      }
      // Unreachable (or anything else that may pass): try again later, waiting longer each time.
      const reason =
        error instanceof ScannerUnreachable ? error.message : `scan error: ${(error as Error).message}`;
      const attempts = await this.repository.recordUnreachable(fileId, reason);
      const delay = this.retryDelaySeconds(attempts);
      this.logger.warn(`Evidence ${fileId} not scanned (${reason}); next try in ${delay} s`);
      await this.jobs.send(evidenceScanJob, { fileId, attempt: attempts }, { startAfterSeconds: delay });
    }
  }

  retryDelaySeconds(attempts: number): number {
    const { EVIDENCE_SCAN_RETRY_BASE_SECONDS: base, EVIDENCE_SCAN_RETRY_MAX_SECONDS: max } = this.config.env;
    return Math.min(base * 2 ** Math.max(attempts - 1, 0), max);
  }
}
