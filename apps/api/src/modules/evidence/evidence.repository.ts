import { Injectable } from '@nestjs/common';
import type { Prisma } from '@madoguchi/db';
import type { TEvidenceKind, TEvidenceScanState } from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';

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
} as const satisfies Prisma.EvidenceFileSelect;

/** The first key of the per-case upload locks (two-key advisory locks). */
const UPLOAD_LOCK_CLASS = 0x6576_6964; // "evid"

/** The one writer of evidence_files. */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.prisma.client.case.count({ where: { id: caseId } })) > 0;
  }

  countForCase(caseId: string): Promise<number> {
    return this.prisma.client.evidenceFile.count({ where: { caseId } });
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
    max: number;
    audit: (tx: Prisma.TransactionClient) => Promise<void>;
  }): Promise<{ rows: EvidenceRow[] } | { tooMany: number }> {
    return this.prisma.client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${UPLOAD_LOCK_CLASS}::int4, hashtext(${args.caseId}))`;
      const existing = await tx.evidenceFile.count({ where: { caseId: args.caseId } });
      if (existing + args.files.length > args.max) {
        return { tooMany: existing + args.files.length };
      }
      await tx.evidenceFile.createMany({
        data: args.files.map((file) => ({
          ...file,
          caseId: args.caseId,
          source: args.source,
          uploadedById: args.uploadedById,
        })),
      });
      await args.audit(tx);
      const rows = await tx.evidenceFile.findMany({
        where: { id: { in: args.files.map((f) => f.id) } },
        select: ROW,
      });
      // In the order the files were sent.
      const byId = new Map(rows.map((row) => [row.id, row as EvidenceRow]));
      return { rows: args.files.map((f) => byId.get(f.id)!) };
    });
  }

  async listForCase(caseId: string): Promise<EvidenceRow[]> {
    return (await this.prisma.client.evidenceFile.findMany({
      where: { caseId },
      select: ROW,
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    })) as EvidenceRow[];
  }

  async find(id: string): Promise<EvidenceRow | null> {
    return (await this.prisma.client.evidenceFile.findUnique({
      where: { id },
      select: ROW,
    })) as EvidenceRow | null;
  }

  /** Files still waiting for a scan, oldest first (the sweep re-queues them). */
  async pending(limit: number): Promise<{ id: string; scanAttempts: number }[]> {
    return this.prisma.client.evidenceFile.findMany({
      where: { scanState: 'pending' },
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
}
