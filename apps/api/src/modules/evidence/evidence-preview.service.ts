import { Readable } from 'node:stream';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { ApiConfig } from '../../config/api-config';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { derivePreviews } from './evidence-preview';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceNotStored, EvidenceStore, storageKey } from './evidence-store';

/**
 * Makes one file's preview copies. The key (the file) makes the scan's send and the sweep's send one job. pg-boss
 * works a queue one job at a time per process (batch size 1, local concurrency 1): one image is decoded at a
 * time, so a burst of uploads cannot raise the API's memory.
 */
export const evidencePreviewJob = defineJob({
  name: 'evidence.make-previews',
  payload: z.object({ fileId: z.uuid() }),
  key: ({ fileId }) => fileId,
});

const SWEEP_BATCH = 500;

/**
 * Derived copies for viewing (evidence-preview.ts), made after a clean scan: preview state pending → ready |
 * none | failed. Only ever of a clean file; the original, its hash and its scan state are never changed.
 */
@Injectable()
export class EvidencePreviewService implements OnModuleInit {
  private readonly logger = new Logger(EvidencePreviewService.name);

  constructor(
    private readonly repository: EvidenceRepository,
    private readonly store: EvidenceStore,
    private readonly jobs: JobsService,
    private readonly config: ApiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(evidencePreviewJob, ({ fileId }) => this.derive(fileId));
  }

  /** Queues a file's copies (after its clean verdict). A failure to queue loses nothing: the sweep finds it. */
  async queue(fileId: string): Promise<void> {
    try {
      await this.jobs.send(evidencePreviewJob, { fileId });
    } catch (error) {
      this.logger.warn(
        `Previews of evidence ${fileId} not queued (${(error as Error).message}); the sweep will`,
      );
    }
  }

  /** Queues the copies of every clean file still waiting for them (after a restart, or jobs that were lost). */
  async sweep(): Promise<number> {
    const pending = await this.repository.previewsPending(SWEEP_BATCH);
    for (const file of pending) {
      await this.jobs.send(evidencePreviewJob, { fileId: file.id });
    }
    return pending.length;
  }

  /**
   * Makes and records one file's copies, once it is clean. Run again (a retry after a crash), it writes the
   * same keys and the same rows again: nothing doubles. A store that cannot be read throws, so the job is
   * retried; an image that cannot be made into a preview is recorded as failed, with the reason.
   */
  async derive(fileId: string): Promise<void> {
    const file = await this.repository.find(fileId);
    // Decided already: ready, or none (a kind without previews). A failed one is tried again if asked.
    // A deleted file (a tombstone) has no bytes left to derive from.
    if (
      !file ||
      file.deletedAt !== null ||
      file.scanState !== 'clean' ||
      file.previewState === 'ready' ||
      file.previewState === 'none'
    ) {
      return;
    }
    const key = { caseId: file.caseId, fileId };
    let source: Readable;
    try {
      source = await this.store.open(key);
    } catch (error) {
      if (error instanceof EvidenceNotStored) {
        await this.repository.recordPreviewState({ id: fileId, state: 'failed', detail: 'missing' });
        return;
      }
      throw error;
    }
    // A store read that breaks off (EvidenceSourceError) throws: the job is tried again later.
    const outcome = await derivePreviews(source, {
      kind: file.kind,
      maxPixels: this.config.env.EVIDENCE_PREVIEW_MAX_PIXELS,
    });
    switch (outcome.result) {
      case 'none':
        await this.repository.recordPreviewState({ id: fileId, state: 'none', detail: outcome.reason });
        return;
      case 'failed':
        this.logger.warn(`No preview of evidence ${fileId} (${outcome.reason}): ${outcome.detail}`);
        await this.repository.recordPreviewState({ id: fileId, state: 'failed', detail: outcome.reason });
        return;
      case 'ready':
        break;
      default:
        return outcome satisfies never;
    }
    const copies = [];
    for (const copy of outcome.copies) {
      const copyKey = { ...key, derived: copy.kind };
      await this.store.put(copyKey, Readable.from([copy.data]));
      copies.push({
        kind: copy.kind,
        storageKey: storageKey(copyKey),
        contentType: copy.contentType,
        sizeBytes: copy.sizeBytes,
        sha256: copy.sha256,
        width: copy.width,
        height: copy.height,
      });
    }
    if (!(await this.repository.recordDerivatives(fileId, copies, this.store.dataKeyId))) {
      // Deleted (or no longer clean) meanwhile: its copies go too.
      await Promise.all(copies.map((c) => this.store.remove({ ...key, derived: c.kind })));
    }
  }
}
