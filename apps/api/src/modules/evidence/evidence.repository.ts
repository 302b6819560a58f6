import { Injectable } from '@nestjs/common';
import type { Prisma } from '@madoguchi/db';
import type {
  TEvidenceDerivativeKind,
  TEvidenceKind,
  TEvidencePreviewState,
  TEvidenceScanState,
} from '@madoguchi/shared';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { openOptionalText, openText, sealText } from '../../common/crypto/free-texts';
import { PrismaService } from '../../db/prisma.service';
import { previewOutcomeForKind } from './evidence-preview';

export type NewEvidenceFile = {
  id: string;
  storageKey: string;
  originalName: string;
  kind: TEvidenceKind;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** When its last byte arrived. */
  receivedAt: Date;
};

export type EvidenceRow = NewEvidenceFile & {
  caseId: string;
  source: 'person' | 'staff';
  scanState: TEvidenceScanState;
  scanDetail: string | null;
  scannedAt: Date | null;
  scanAttempts: number;
  previewState: TEvidencePreviewState;
  /** A TEvidencePreviewReason code, for none and failed. */
  previewDetail: string | null;
  /** Set on a tombstone: an admin deleted the file (its blobs are gone; never served nor counted). */
  deletedAt: Date | null;
  deleteReason: string | null;
};

/** A derived copy's row (evidence_derivatives). */
export type EvidenceDerivativeRow = {
  fileId: string;
  kind: TEvidenceDerivativeKind;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
};

const ROW = {
  id: true,
  caseId: true,
  storageKey: true,
  originalName: true,
  kind: true,
  contentType: true,
  sizeBytes: true,
  sha256: true,
  source: true,
  receivedAt: true,
  scanState: true,
  scanDetail: true,
  scannedAt: true,
  scanAttempts: true,
  previewState: true,
  previewDetail: true,
  deletedAt: true,
  deleteReason: true,
} as const satisfies Prisma.EvidenceFileSelect;

const DERIVATIVE_ROW = {
  fileId: true,
  kind: true,
  storageKey: true,
  contentType: true,
  sizeBytes: true,
  sha256: true,
  width: true,
  height: true,
} as const satisfies Prisma.EvidenceDerivativeSelect;

function initialPreview(kind: TEvidenceKind): {
  previewState: TEvidencePreviewState;
  previewDetail: string | null;
} {
  const outcome = previewOutcomeForKind(kind);
  return outcome
    ? { previewState: 'none', previewDetail: outcome.reason }
    : { previewState: 'pending', previewDetail: null };
}

/** The first key of the per-case upload locks (two-key advisory locks). */
const UPLOAD_LOCK_CLASS = 0x6576_6964; // "evid"

/**
 * The one writer of evidence_files and evidence_derivatives. A file's sent name and an admin's reason for deleting
 * it are free text (names often carry the person's): stored encrypted under the file's id (free-texts.ts), opened
 * on every read here.
 */
@Injectable()
export class EvidenceRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  private async opened(row: EvidenceRow): Promise<EvidenceRow> {
    const [originalName, deleteReason] = await Promise.all([
      openText(this.crypto, 'evidenceName', row.id, row.originalName),
      openOptionalText(this.crypto, 'evidenceDeleteReason', row.id, row.deleteReason),
    ]);
    return { ...row, originalName, deleteReason };
  }

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.prisma.client.case.count({ where: { id: caseId } })) > 0;
  }

  /** The case's files that count against its limit: deleted ones do not. */
  countForCase(caseId: string): Promise<number> {
    return this.prisma.client.evidenceFile.count({ where: { caseId, deletedAt: null } });
  }

  /**
   * Records a request's files, all or none: under a per-case lock the case's count is checked again (two uploads
   * at once cannot pass the limit together), then the rows and, through `audit`, the audit row are written in
   * one transaction. Returns the count the case would have had when that is over `max` (nothing is written).
   */
  async insertFiles(args: {
    caseId: string;
    files: NewEvidenceFile[];
    source: 'person' | 'staff';
    uploadedById: string | null;
    /** The data key the store encrypted the files under (null: a store that does not encrypt). */
    dataKeyId: string | null;
    max: number;
    audit: (tx: Prisma.TransactionClient) => Promise<void>;
  }): Promise<{ rows: EvidenceRow[] } | { tooMany: number }> {
    return this.prisma.client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${UPLOAD_LOCK_CLASS}::int4, hashtext(${args.caseId}))`;
      const existing = await tx.evidenceFile.count({ where: { caseId: args.caseId, deletedAt: null } });
      if (existing + args.files.length > args.max) {
        return { tooMany: existing + args.files.length };
      }
      await tx.evidenceFile.createMany({
        data: args.files.map((file) => ({
          ...file,
          originalName: sealText(this.crypto, 'evidenceName', file.id, file.originalName),
          caseId: args.caseId,
          source: args.source,
          uploadedById: args.uploadedById,
          dataKeyId: args.dataKeyId,
          // Kinds that never get preview copies (HEIC, PDF, text, e-mail) say so from the start.
          ...initialPreview(file.kind),
        })),
      });
      await args.audit(tx);
      const rows = await tx.evidenceFile.findMany({
        where: { id: { in: args.files.map((f) => f.id) } },
        select: ROW,
      });
      // In the order the files were sent.
      const opened = await Promise.all(rows.map((row) => this.opened(row as EvidenceRow)));
      const byId = new Map(opened.map((row) => [row.id, row]));
      return { rows: args.files.map((f) => byId.get(f.id)!) };
    });
  }

  async listForCase(caseId: string): Promise<EvidenceRow[]> {
    const rows = (await this.prisma.client.evidenceFile.findMany({
      where: { caseId },
      select: ROW,
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    })) as EvidenceRow[];
    return Promise.all(rows.map((row) => this.opened(row)));
  }

  async find(id: string): Promise<EvidenceRow | null> {
    const row = (await this.prisma.client.evidenceFile.findUnique({
      where: { id },
      select: ROW,
    })) as EvidenceRow | null;
    return row && this.opened(row);
  }

  /** Files still waiting for a scan, oldest first (the sweep re-queues them). */
  async pending(limit: number): Promise<{ id: string; scanAttempts: number }[]> {
    return this.prisma.client.evidenceFile.findMany({
      where: { scanState: 'pending', deletedAt: null },
      select: { id: true, scanAttempts: true },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
  }

  /** Records the scan's verdict, once: a file already decided keeps its verdict. Returns whether it was pending. */
  async recordVerdict(args: {
    id: string;
    state: Exclude<TEvidenceScanState, 'pending'>;
    detail: string | null;
    at: Date;
  }): Promise<boolean> {
    const { count } = await this.prisma.client.evidenceFile.updateMany({
      where: { id: args.id, scanState: 'pending' },
      data: { scanState: args.state, scanDetail: args.detail, scannedAt: args.at },
    });
    return count === 1;
  }

  /** Counts a scan attempt that could not reach the scanner; returns the attempts so far. */
  async recordUnreachable(id: string, detail: string): Promise<number> {
    const row = await this.prisma.client.evidenceFile.update({
      where: { id },
      data: { scanAttempts: { increment: 1 }, scanDetail: detail.slice(0, 500) },
      select: { scanAttempts: true },
    });
    return row.scanAttempts;
  }

  /** Clean files whose preview copies are still to be made, oldest first (the sweep queues them). */
  async previewsPending(limit: number): Promise<{ id: string }[]> {
    return this.prisma.client.evidenceFile.findMany({
      where: { scanState: 'clean', previewState: 'pending', deletedAt: null },
      select: { id: true },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
  }

  /**
   * Records a file's derived copies and marks its preview ready, in one transaction; a row per (file, kind), so a
   * job run again after a crash replaces its copies' rows instead of adding more. Only a clean file's: returns
   * false (nothing written) when the file is gone, deleted or no longer clean.
   */
  async recordDerivatives(
    fileId: string,
    copies: Omit<EvidenceDerivativeRow, 'fileId'>[],
    dataKeyId: string | null,
  ): Promise<boolean> {
    return this.prisma.client.$transaction(async (tx) => {
      const { count } = await tx.evidenceFile.updateMany({
        where: { id: fileId, scanState: 'clean', deletedAt: null },
        data: { previewState: 'ready', previewDetail: null },
      });
      if (count === 0) {
        return false;
      }
      for (const copy of copies) {
        await tx.evidenceDerivative.upsert({
          where: { fileId_kind: { fileId, kind: copy.kind } },
          create: { ...copy, fileId, dataKeyId },
          update: { ...copy, dataKeyId },
        });
      }
      return true;
    });
  }

  /** Records why a file has no preview (none) or why it could not be made (failed). Never touches the scan. */
  async recordPreviewState(args: {
    id: string;
    state: Exclude<TEvidencePreviewState, 'ready' | 'pending'>;
    detail: string;
  }): Promise<void> {
    await this.prisma.client.evidenceFile.updateMany({
      where: { id: args.id },
      data: { previewState: args.state, previewDetail: args.detail },
    });
  }

  async findDerivative(fileId: string, kind: TEvidenceDerivativeKind): Promise<EvidenceDerivativeRow | null> {
    return (await this.prisma.client.evidenceDerivative.findUnique({
      where: { fileId_kind: { fileId, kind } },
      select: DERIVATIVE_ROW,
    })) as EvidenceDerivativeRow | null;
  }

  /**
   * Turns a file into a tombstone, once: marks it deleted (when, by whom, why), deletes its derivative rows and,
   * through `audit`, writes the audit row, in one transaction. The row keeps its name and hash. Returns the
   * derivative kinds whose blobs the caller is to remove, or 'deleted' when someone deleted it first (nothing
   * written), or null when there is no such file in the case.
   */
  async markDeleted(args: {
    caseId: string;
    fileId: string;
    byId: string;
    reason: string;
    at: Date;
    audit: (tx: Prisma.TransactionClient, row: EvidenceRow) => Promise<void>;
  }): Promise<{ row: EvidenceRow; derivatives: TEvidenceDerivativeKind[] } | 'deleted' | null> {
    return this.prisma.client.$transaction(async (tx) => {
      const row = (await tx.evidenceFile.findUnique({
        where: { id: args.fileId },
        select: ROW,
      })) as EvidenceRow | null;
      if (!row || row.caseId !== args.caseId) {
        return null;
      }
      const { count } = await tx.evidenceFile.updateMany({
        where: { id: args.fileId, deletedAt: null },
        data: {
          deletedAt: args.at,
          deletedById: args.byId,
          deleteReason: sealText(this.crypto, 'evidenceDeleteReason', args.fileId, args.reason),
        },
      });
      if (count === 0) {
        return 'deleted';
      }
      const derivatives = await tx.evidenceDerivative.findMany({
        where: { fileId: args.fileId },
        select: { kind: true },
      });
      await tx.evidenceDerivative.deleteMany({ where: { fileId: args.fileId } });
      await args.audit(tx, row);
      return {
        row: await this.opened(row),
        derivatives: derivatives.map((d) => d.kind as TEvidenceDerivativeKind),
      };
    });
  }

  /**
   * Turns every file of a shredded case into a tombstone in the caller's transaction (CaseShredder): marks those
   * not yet deleted as deleted (when, by whom), replaces every file's sent name by its kind (a name is free text)
   * and the reason by `reason`, and deletes the derivative rows. The hashes stay. Returns the files whose blobs the
   * caller is to remove (every file of the case, deleted before or not: a failed removal may have left one) and
   * how many were newly deleted.
   */
  async markCaseShredded(
    tx: Prisma.TransactionClient,
    args: { caseId: string; at: Date; byId: string | null; reason: string },
  ): Promise<{ fileIds: string[]; newlyDeleted: number }> {
    const files = await tx.evidenceFile.findMany({
      where: { caseId: args.caseId },
      select: { id: true, deletedAt: true },
    });
    const newlyDeleted = await tx.$executeRaw`
      UPDATE evidence_files SET deleted_at = ${args.at}, deleted_by_id = ${args.byId}::uuid
       WHERE case_id = ${args.caseId}::uuid AND deleted_at IS NULL`;
    await tx.$executeRaw`
      UPDATE evidence_files SET original_name = kind, delete_reason = ${args.reason}
       WHERE case_id = ${args.caseId}::uuid`;
    await tx.evidenceDerivative.deleteMany({ where: { file: { caseId: args.caseId } } });
    return { fileIds: files.map((f) => f.id), newlyDeleted };
  }

  /**
   * Stored files (originals, `derived` null, and derived copies) still in clear or under another data key than
   * `activeId`, after `after` in id order: what the keys.reencrypt job rewrites. Deleted files are gone already.
   */
  storedNotUnder(args: { activeId: string; after: string | null; limit: number }): Promise<
    {
      id: string;
      caseId: string;
      fileId: string;
      derived: TEvidenceDerivativeKind | null;
      dataKeyId: string | null;
    }[]
  > {
    return this.prisma.client.$queryRaw`
      SELECT id, case_id AS "caseId", file_id AS "fileId", derived, data_key_id::text AS "dataKeyId" FROM (
        SELECT f.id::text || ':original' AS id, f.case_id::text AS case_id, f.id::text AS file_id,
               NULL::text AS derived, f.data_key_id
          FROM evidence_files f WHERE f.deleted_at IS NULL
        UNION ALL
        SELECT d.file_id::text || ':' || d.kind::text, f.case_id::text, d.file_id::text, d.kind::text, d.data_key_id
          FROM evidence_derivatives d JOIN evidence_files f ON f.id = d.file_id WHERE f.deleted_at IS NULL
      ) stored
      WHERE (data_key_id IS NULL OR data_key_id <> ${args.activeId}::uuid) AND id > ${args.after ?? ''}
      ORDER BY id LIMIT ${args.limit}`;
  }

  /** Records the data key a stored file was rewritten under; false when the file was deleted meanwhile. */
  async setDataKey(args: {
    fileId: string;
    derived: TEvidenceDerivativeKind | null;
    dataKeyId: string;
  }): Promise<boolean> {
    if (args.derived === null) {
      const { count } = await this.prisma.client.evidenceFile.updateMany({
        where: { id: args.fileId, deletedAt: null },
        data: { dataKeyId: args.dataKeyId },
      });
      return count > 0;
    }
    const { count } = await this.prisma.client.evidenceDerivative.updateMany({
      where: { fileId: args.fileId, kind: args.derived, file: { deletedAt: null } },
      data: { dataKeyId: args.dataKeyId },
    });
    return count > 0;
  }

  /** Whether a stored file (original or copy) of a file not deleted is encrypted under the data key. */
  async usesDataKey(dataKeyId: string): Promise<boolean> {
    const [original, copy] = await Promise.all([
      this.prisma.client.evidenceFile.count({ where: { dataKeyId, deletedAt: null }, take: 1 }),
      this.prisma.client.evidenceDerivative.count({
        where: { dataKeyId, file: { deletedAt: null } },
        take: 1,
      }),
    ]);
    return original + copy > 0;
  }
}
