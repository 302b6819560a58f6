import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import {
  EVIDENCE_CONTENT_TYPES,
  EVIDENCE_DELETED_MESSAGE,
  EVIDENCE_FORM_FIELDS,
  EVIDENCE_PREVIEW_REASONS,
  EVIDENCE_PREVIEW_STATE_LABELS,
  EVIDENCE_SCAN_STATE_LABELS,
  type TCaseEvidence,
  type TEvidenceDelete,
  type TEvidenceDerivativeKind,
  type TEvidenceFile,
  type TEvidencePreviewReason,
  type TEvidenceRefusal,
  type TEvidenceUploadReply,
  type TLocalized,
  type TStaffEvidenceFile,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { IntakeService } from '../intake/intake.service';
import { discardRest } from './discard-rest';
import { EvidenceInspector, EvidenceRefused, sanitiseFileName } from './evidence-inspector';
import {
  EvidenceRepository,
  type EvidenceDerivativeRow,
  type EvidenceRow,
  type NewEvidenceFile,
} from './evidence.repository';
import { EvidenceScanService } from './evidence-scan.service';
import { EvidenceNotStored, EvidenceStore, storageKey, type EvidenceKey } from './evidence-store';

/** Who is uploading: the person (credentials in the form's first fields) or a staff member for a case. */
export type Uploader = { kind: 'person' } | { kind: 'staff'; caseId: string; user: AuthUser };

/** The credentials are short; anything longer is not one. */
const FIELD_BYTES = 200;

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly repository: EvidenceRepository,
    private readonly store: EvidenceStore,
    private readonly intake: IntakeService,
    private readonly audit: AuditService,
    private readonly scans: EvidenceScanService,
    private readonly clock: Clock,
    private readonly config: ApiConfig,
  ) {}

  private get maxFileBytes(): number {
    return this.config.env.EVIDENCE_MAX_FILE_BYTES;
  }

  private get maxFiles(): number {
    return this.config.env.EVIDENCE_MAX_FILES_PER_CASE;
  }

  /**
   * How much of a refused upload is read and discarded before the answer: the largest request the limits allow,
   * plus room for one file sent far over them (a phone's video). Beyond it the connection is closed instead.
   */
  private get discardBudget(): number {
    return (this.maxFiles + 1) * this.maxFileBytes + 64 * 1024 * 1024;
  }

  /**
   * Streams a multipart upload to the store, one file at a time, each checked as it streams (size, type by
   * content, hash). All or nothing: a refused file refuses the request and removes the request's files already
   * written; the rows and the audit row are written together once every file is stored. A refusal is answered
   * after the rest of the body was read and discarded (discard-rest.ts), never while the client is still sending.
   */
  async upload(
    request: FastifyRequest,
    reply: FastifyReply,
    uploader: Uploader,
  ): Promise<TEvidenceUploadReply> {
    if (!request.isMultipart()) {
      throw new AppError('unsupported_media_type', {
        message: 'Evidence is sent as multipart/form-data',
        details: { reason: 'evidence_malformed' },
      });
    }
    if (uploader.kind === 'staff' && !(await this.repository.caseExists(uploader.caseId))) {
      throw new AppError('not_found', { message: 'No such case' });
    }
    let caseId = uploader.kind === 'staff' ? uploader.caseId : undefined;
    let existing = caseId === undefined ? 0 : await this.repository.countForCase(caseId);
    const credentials: Record<string, string> = {};
    const stored: NewEvidenceFile[] = [];
    let committed = false;
    try {
      const parts = request.parts({
        limits: {
          // The inspector refuses at max + 1 bytes; busboy's own limit is the backstop.
          fileSize: this.maxFileBytes + 1,
          files: this.maxFiles,
          fields: 10,
          fieldSize: FIELD_BYTES,
          parts: this.maxFiles + 10,
          headerPairs: 50,
        },
      });
      try {
        for await (const part of iterate(parts)) {
          if (part.type === 'field') {
            if (caseId === undefined && typeof part.value === 'string') {
              credentials[part.fieldname] = part.value;
              const receiptNumber = credentials[EVIDENCE_FORM_FIELDS.receiptNumber];
              const accessCode = credentials[EVIDENCE_FORM_FIELDS.accessCode];
              if (receiptNumber !== undefined && accessCode !== undefined) {
                caseId = (await this.intake.authenticatePerson({ receiptNumber, accessCode })).caseId;
                existing = await this.repository.countForCase(caseId);
              }
            }
            continue;
          }
          const name = sanitiseFileName(part.filename);
          if (part.filename === '' || part.filename === undefined) {
            // A form's file input left empty sends an empty part without a name: nothing was chosen.
            part.file.resume();
            continue;
          }
          if (caseId === undefined) {
            part.file.resume();
            throw credentialsFirst(credentials);
          }
          if (existing + stored.length + 1 > this.maxFiles) {
            part.file.resume();
            throw refusal(
              new EvidenceRefused('evidence_too_many_files', 'Too many files'),
              name,
              this.limits(),
            );
          }
          stored.push(await this.storeOne(caseId, part.file, name));
        }
      } catch (error) {
        if (!(await discardRest(request.raw, parts, this.discardBudget))) {
          // The rest of the body is still on the connection: it cannot carry another request.
          reply.header('connection', 'close');
        }
        throw error;
      }
      if (caseId === undefined) {
        throw credentialsFirst(credentials);
      }
      if (stored.length === 0) {
        throw refusal(new EvidenceRefused('evidence_no_file', 'No file was sent'), null, this.limits());
      }
      const outcome = await this.repository.insertFiles({
        caseId,
        files: stored,
        source: uploader.kind,
        uploadedById: uploader.kind === 'staff' ? uploader.user.id : null,
        dataKeyId: this.store.dataKeyId,
        max: this.maxFiles,
        audit: (tx) =>
          this.audit.record(
            {
              action: 'evidence.upload',
              entity: 'case',
              entityId: caseId,
              caseId,
              meta: { source: uploader.kind, files: stored.map((f) => ({ id: f.id, sha256: f.sha256 })) },
              // The person has no account: no actor (the request id and address are still kept).
              ...(uploader.kind === 'person' ? { actor: { id: null, role: null } } : {}),
            },
            tx,
          ),
      });
      if ('tooMany' in outcome) {
        throw refusal(
          new EvidenceRefused('evidence_too_many_files', 'Too many files'),
          stored.at(-1)?.originalName ?? null,
          this.limits(),
        );
      }
      committed = true;
      await this.scans.queue(outcome.rows.map((row) => row.id));
      return { files: outcome.rows.map(publicFile) };
    } finally {
      if (!committed) {
        await Promise.all(stored.map((file) => this.removeQuietly({ caseId: caseId!, fileId: file.id })));
      }
    }
  }

  /** One file part, streamed through the inspector into the store; refused files leave nothing behind. */
  private async storeOne(caseId: string, source: Readable, name: string): Promise<NewEvidenceFile> {
    const key: EvidenceKey = { caseId, fileId: randomUUID() };
    const inspector = new EvidenceInspector(this.maxFileBytes);
    const [fed, put] = await Promise.allSettled([
      pipeline(source, inspector),
      this.store.put(key, inspector),
    ]);
    if (fed.status === 'rejected' || put.status === 'rejected') {
      source.resume();
      const errors = [fed, put].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      const refused = errors.find((e): e is EvidenceRefused => e instanceof EvidenceRefused);
      if (refused) {
        throw refusal(refused, name, this.limits());
      }
      const tooLarge = errors.find((e) => (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE');
      if (tooLarge) {
        throw refusal(new EvidenceRefused('evidence_file_too_large', 'Too large'), name, this.limits());
      }
      throw multipartError(errors[0]);
    }
    const { kind, sizeBytes, sha256 } = inspector.inspected;
    return {
      id: key.fileId,
      storageKey: storageKey(key),
      originalName: name,
      kind,
      contentType: EVIDENCE_CONTENT_TYPES[kind],
      sizeBytes,
      sha256,
      receivedAt: this.clock.now(),
    };
  }

  private async removeQuietly(key: EvidenceKey): Promise<void> {
    try {
      await this.store.remove(key);
    } catch (error) {
      this.logger.error(`Could not remove refused evidence ${storageKey(key)}: ${(error as Error).message}`);
    }
  }

  private limits(): { maxFileBytes: number; maxFilesPerCase: number } {
    return { maxFileBytes: this.maxFileBytes, maxFilesPerCase: this.maxFiles };
  }

  /** The case page's evidence list (a view of the case, audited as one). */
  async list(caseId: string): Promise<TCaseEvidence> {
    if (!(await this.repository.caseExists(caseId))) {
      throw new AppError('not_found', { message: 'No such case' });
    }
    await this.audit.recordView(caseId, { view: 'evidence' });
    const rows = await this.repository.listForCase(caseId);
    return {
      scannerConfigured: this.scans.configured,
      maxFileBytes: this.maxFileBytes,
      maxFilesPerCase: this.maxFiles,
      files: rows.map((row) => this.staffFile(row)),
    };
  }

  private staffFile(row: EvidenceRow): TStaffEvidenceFile {
    return {
      ...publicFile(row),
      source: row.source,
      scanDetail: row.scanState === 'pending' ? null : row.scanDetail,
      scannedAt: row.scannedAt?.toISOString() ?? null,
      unavailableReason: this.unavailableReason(row),
      previewState: row.previewState,
      previewReason: row.deletedAt === null ? previewReason(row) : null,
      deleted:
        row.deletedAt === null ? null : { at: row.deletedAt.toISOString(), reason: row.deleteReason ?? '' },
    };
  }

  private unavailableReason(row: EvidenceRow): TLocalized | null {
    if (row.deletedAt !== null) {
      return EVIDENCE_DELETED_MESSAGE;
    }
    if (row.scanState === 'clean') {
      return null;
    }
    if (row.scanState === 'pending' && !this.scans.configured) {
      return {
        ja: 'ウイルス検査の仕組みが設定されていないため、開けません(管理者にお知らせください)。',
        en: 'No virus scanner is configured, so the file cannot be opened (please tell an administrator).',
      };
    }
    if (row.scanState === 'infected') {
      const signature = row.scanDetail ? `(${row.scanDetail})` : '';
      return {
        ja: `ウイルス検査で有害なファイルと判定されたため隔離しました${signature}。開くことはできません。`,
        en: `Quarantined: the virus scan found malware${signature ? ` ${signature}` : ''}. It cannot be opened.`,
      };
    }
    return EVIDENCE_SCAN_STATE_LABELS[row.scanState];
  }

  /**
   * The original file: only once scanned clean, and every opening is audited — as a staff member's download, or as
   * `audited` says (the window's download through its link).
   */
  async open(
    caseId: string,
    fileId: string,
    audited?: Omit<AuditEntry, 'caseId'>,
  ): Promise<{ body: Readable; file: EvidenceRow; filename: string }> {
    const row = await this.repository.find(fileId);
    if (!row || row.caseId !== caseId) {
      throw new AppError('not_found', { message: 'No such evidence file' });
    }
    if (row.deletedAt !== null) {
      throw deletedError('The evidence file was deleted', 'not_found');
    }
    if (row.scanState !== 'clean') {
      throw new AppError('conflict', {
        message: `The file is ${row.scanState}, not scanned clean`,
        userMessage: this.unavailableReason(row) ?? EVIDENCE_SCAN_STATE_LABELS[row.scanState],
        details: { reason: 'evidence_not_clean', scanState: row.scanState },
      });
    }
    let body: Readable;
    try {
      body = await this.store.open({ caseId, fileId });
    } catch (error) {
      if (error instanceof EvidenceNotStored) {
        this.logger.error(`Evidence ${row.storageKey} is recorded but not in the ${this.store.name} store`);
        throw new AppError('not_found', { message: 'The file is missing from the store' });
      }
      throw error;
    }
    const meta = { sha256: row.sha256, sizeBytes: row.sizeBytes };
    await this.audit.record(
      audited
        ? { ...audited, caseId, meta: { ...audited.meta, ...meta } }
        : { action: 'evidence.download', entity: 'evidence_file', entityId: fileId, caseId, meta },
    );
    return { body, file: row, filename: row.originalName };
  }

  /**
   * A clean image's derived copy for viewing (never the original): 404 when there is none (not made yet, none
   * for its kind, failed, or the file not clean). The thumb is shown blurred in the list on every opening of the
   * case page, so it counts as a view of the case (one `case.read` per view window); the view copy is what a
   * counselor asked to see (「表示する」), so each is its own `evidence.preview` row, naming the file.
   */
  async openPreview(
    caseId: string,
    fileId: string,
    kind: TEvidenceDerivativeKind,
  ): Promise<{ body: Readable; derivative: EvidenceDerivativeRow; file: EvidenceRow }> {
    const row = await this.repository.find(fileId);
    const derivative =
      row &&
      row.caseId === caseId &&
      row.deletedAt === null &&
      row.scanState === 'clean' &&
      row.previewState === 'ready'
        ? await this.repository.findDerivative(fileId, kind)
        : null;
    if (!row || !derivative) {
      throw new AppError('not_found', { message: 'No preview of this evidence file' });
    }
    let body: Readable;
    try {
      body = await this.store.open({ caseId, fileId, derived: kind });
    } catch (error) {
      if (error instanceof EvidenceNotStored) {
        this.logger.error(`Evidence preview ${derivative.storageKey} is recorded but not in the store`);
        throw new AppError('not_found', { message: 'The preview is missing from the store' });
      }
      throw error;
    }
    if (kind === 'thumb') {
      await this.audit.recordView(caseId, { view: 'evidence' });
    } else {
      await this.audit.record({
        action: 'evidence.preview',
        entity: 'evidence_file',
        entityId: fileId,
        caseId,
        meta: { kind, sha256: row.sha256, previewSha256: derivative.sha256 },
      });
    }
    return { body, derivative, file: row };
  }

  /**
   * An admin deletes a file with a reason. The row is marked deleted first, in one transaction with its
   * derivative rows' deletion and the audit row, so from then on nothing serves or counts it; only then are the
   * original and its copies removed from the store. A removal that fails is logged and does not undo the
   * deletion: the tombstone stands, and the blob left behind is an orphan under the case (removed with the
   * case's files, or by an operator from the log line).
   */
  async remove(args: {
    caseId: string;
    fileId: string;
    body: TEvidenceDelete;
    user: AuthUser;
  }): Promise<void> {
    const outcome = await this.repository.markDeleted({
      caseId: args.caseId,
      fileId: args.fileId,
      byId: args.user.id,
      reason: args.body.reason,
      at: this.clock.now(),
      // The reason and the file's name are personal values: the audit log gets the reason's length only.
      audit: (tx, row) =>
        this.audit.record(
          {
            action: 'evidence.delete',
            entity: 'evidence_file',
            entityId: args.fileId,
            caseId: args.caseId,
            meta: { fileId: args.fileId, sha256: row.sha256, reasonLength: args.body.reason.length },
          },
          tx,
        ),
    });
    if (outcome === null) {
      throw new AppError('not_found', { message: 'No such evidence file' });
    }
    if (outcome === 'deleted') {
      throw deletedError('The evidence file was already deleted', 'conflict');
    }
    const keys: EvidenceKey[] = [
      { caseId: args.caseId, fileId: args.fileId },
      ...outcome.derivatives.map((derived) => ({ caseId: args.caseId, fileId: args.fileId, derived })),
    ];
    for (const key of keys) {
      try {
        await this.store.remove(key);
      } catch (error) {
        this.logger.error(
          `Evidence ${storageKey(key)} was deleted but could not be removed from the ${this.store.name} store ` +
            `(remove it by hand): ${(error as Error).message}`,
        );
      }
    }
  }
}

/** A deleted file: 404 when opened (it is gone), 409 when deleted again; details.reason evidence_deleted. */
function deletedError(message: string, code: 'not_found' | 'conflict'): AppError {
  return new AppError(code, {
    message,
    userMessage: EVIDENCE_DELETED_MESSAGE,
    details: { reason: 'evidence_deleted' },
  });
}

function previewReason(row: EvidenceRow): TLocalized | null {
  if (row.previewState !== 'none' && row.previewState !== 'failed') {
    return null;
  }
  const detail = row.previewDetail;
  return detail !== null && detail in EVIDENCE_PREVIEW_REASONS
    ? EVIDENCE_PREVIEW_REASONS[detail as TEvidencePreviewReason]
    : EVIDENCE_PREVIEW_STATE_LABELS[row.previewState];
}

function publicFile(
  row: NewEvidenceFile & { receivedAt: Date; scanState: EvidenceRow['scanState'] },
): TEvidenceFile {
  return {
    id: row.id,
    name: row.originalName,
    kind: row.kind,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    receivedAt: row.receivedAt.toISOString(),
    scanState: row.scanState,
  };
}

/** Iterates the parts, turning the multipart plugin's and busboy's errors into the API's 4xx. */
async function* iterate(parts: AsyncIterableIterator<Multipart>): AsyncGenerator<Multipart> {
  for (;;) {
    let next: IteratorResult<Multipart>;
    try {
      next = await parts.next();
    } catch (error) {
      throw multipartError(error);
    }
    if (next.done) {
      return;
    }
    yield next.value;
  }
}

function multipartError(error: unknown): AppError {
  if (error instanceof AppError) {
    return error;
  }
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return refusal(new EvidenceRefused('evidence_too_many_files', 'Too many files'), null, undefined);
    case 'FST_REQ_FILE_TOO_LARGE':
      return refusal(new EvidenceRefused('evidence_file_too_large', 'Too large'), null, undefined);
    default:
      return new AppError('bad_request', {
        message: `The multipart body could not be read: ${(error as Error).message}`,
        userMessage: {
          ja: '送信が途中で切れたか、形式が正しくありません。もう一度お試しください。',
          en: 'The upload was cut off or is malformed. Please try again.',
        },
        details: { reason: 'evidence_malformed' },
      });
  }
}

function credentialsFirst(credentials: Record<string, string>): AppError {
  const missing = [EVIDENCE_FORM_FIELDS.receiptNumber, EVIDENCE_FORM_FIELDS.accessCode].filter(
    (field) => credentials[field] === undefined,
  );
  return new AppError('validation_failed', {
    message: 'The receipt number and access code must come before the files',
    details: {
      fields: missing.map((path) => ({
        path,
        code: 'required',
        message: {
          ja: '受付番号とアクセスコードを入力してください。',
          en: 'Enter the receipt number and access code.',
        },
      })),
    },
  });
}

const STATUS_OF_REFUSAL = {
  evidence_file_too_large: 'payload_too_large',
  evidence_too_many_files: 'payload_too_large',
  evidence_type_not_allowed: 'unsupported_media_type',
  evidence_file_empty: 'bad_request',
  evidence_no_file: 'bad_request',
  evidence_malformed: 'bad_request',
} as const satisfies Record<TEvidenceRefusal, string>;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** The 4xx of a refused file: which file, why, in Japanese and English. Nothing of the request was kept. */
function refusal(
  refused: EvidenceRefused,
  file: string | null,
  limits: { maxFileBytes: number; maxFilesPerCase: number } | undefined,
): AppError {
  const named = file ? `「${file}」` : 'ファイル';
  const nameEn = file ? `"${file}"` : 'A file';
  const messages: Record<TEvidenceRefusal, TLocalized> = {
    evidence_file_too_large: {
      ja: `${named}は大きすぎます${limits ? `(1ファイル ${megabytes(limits.maxFileBytes)} まで)` : ''}。送信されたファイルは保存していません。`,
      en: `${nameEn} is too large${limits ? ` (at most ${megabytes(limits.maxFileBytes)} per file)` : ''}. None of the files sent were kept.`,
    },
    evidence_too_many_files: {
      ja: `ファイルが多すぎます${limits ? `(1件の相談につき ${limits.maxFilesPerCase} ファイルまで)` : ''}。送信されたファイルは保存していません。`,
      en: `Too many files${limits ? ` (at most ${limits.maxFilesPerCase} per case)` : ''}. None of the files sent were kept.`,
    },
    evidence_type_not_allowed: {
      ja: `${named}は受け付けられない形式です。画像(PNG・JPEG・HEIC・WebP)、PDF、テキスト、保存したメール(.eml)を送ってください。ファイル名ではなく中身で判定しています。`,
      en: `${nameEn} is not an accepted format. Send images (PNG, JPEG, HEIC, WebP), PDFs, plain text or saved e-mails (.eml); the content decides, not the name.`,
    },
    evidence_file_empty: {
      ja: `${named}は空です(0バイト)。送信されたファイルは保存していません。`,
      en: `${nameEn} is empty (0 bytes). None of the files sent were kept.`,
    },
    evidence_no_file: {
      ja: 'ファイルが選ばれていません。',
      en: 'No file was chosen.',
    },
    evidence_malformed: {
      ja: '送信の形式が正しくありません。もう一度お試しください。',
      en: 'The upload is malformed. Please try again.',
    },
  };
  return new AppError(STATUS_OF_REFUSAL[refused.reason], {
    message: `Evidence refused (${refused.reason}): ${refused.message}`,
    userMessage: messages[refused.reason],
    details: {
      reason: refused.reason,
      ...(file ? { file } : {}),
      ...(refused.detected ? { detected: refused.detected } : {}),
      ...(limits ?? {}),
    },
  });
}
