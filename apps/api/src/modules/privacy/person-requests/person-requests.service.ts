import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  isPersonRequestOverdue,
  PERSON_DATA_EXPORT_FORMAT,
  ZPersonDataExport,
  type TIntakeStatus,
  type TLocalized,
  type TPersonDataExport,
  type TPersonDataExportRequest,
  type TPersonRequest,
  type TPersonRequestCreate,
  type TPersonRequestDecision,
  type TPersonRequestList,
  type TPersonRequestStatus,
} from '@madoguchi/shared';
import { Clock } from '../../../common/clock';
import type { AuthUser } from '../../../common/context/request-context';
import { FieldCrypto } from '../../../common/crypto/field-crypto.service';
import { AppError } from '../../../common/errors/app-error';
import { ApiConfig } from '../../../config/api-config';
import { AuditService } from '../../audit/audit.service';
import { caseNotFound, fieldError } from '../../cases/case-errors';
import { CasesRepository } from '../../cases/cases.repository';
import { DeskIdentityService } from '../../desk/desk-identity.service';
import { IntakeService } from '../../intake/intake.service';
import { renderPdf } from '../../reports/pdf/pdf-document';
import type { ReportFile } from '../../reports/reports.service';
import { CaseShredder, type ShredResult } from '../retention/case-shredder';
import { buildPersonDataPdf } from './person-data-pdf';
import {
  PersonRequestsRepository,
  personTextLocation,
  type PersonRequestRow,
} from './person-requests.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

const CORRECTION_TEXT_REQUIRED: TLocalized = {
  ja: 'どこが違っていて、どう直してほしいかを書いてください',
  en: 'Please write what is wrong and how it should read',
};
const REFUSAL_REASON_REQUIRED: TLocalized = {
  ja: 'お断りする理由を書いてください(ご本人の状況確認ページに表示されます)',
  en: 'Please give the reason for refusing (the person sees it on their status page)',
};
const CORRECTION_CHANGE_REQUIRED: TLocalized = {
  ja: '何をどう訂正したかを書いてください(経過に記録されます)',
  en: 'Please describe what was corrected (it is recorded on the case timeline)',
};

/**
 * Requests from the person (開示・訂正・利用停止, issue 17 item 3). On the status page, with the receipt number and
 * access code, the person downloads their own data (JSON or PDF: what they submitted, the conversation, their files'
 * names and fingerprints, their requests; never anything only staff see) and asks for a correction or for deletion.
 * A counselor completes or refuses each request by its due date; completing a deletion shreds the case's personal
 * data (CaseShredder) and the case stays for statistics. Every step is audited with ids, kinds and counts only.
 */
@Injectable()
export class PersonRequestsService {
  private readonly dueMs: number;

  constructor(
    private readonly repository: PersonRequestsRepository,
    private readonly intake: IntakeService,
    private readonly cases: CasesRepository,
    private readonly shredder: CaseShredder,
    private readonly crypto: FieldCrypto,
    private readonly audit: AuditService,
    private readonly deskIdentity: DeskIdentityService,
    private readonly clock: Clock,
    config: ApiConfig,
  ) {
    this.dueMs = config.env.PERSON_REQUEST_DUE_DAYS * DAY_MS;
  }

  /* ------------------------------------------------------------------------------------- the person */

  async exportData(request: TPersonDataExportRequest): Promise<ReportFile> {
    const view = await this.intake.personView(request);
    const [status, submission, requests] = await Promise.all([
      view.status(),
      this.repository.submission(view.pairCaseId),
      this.repository.forCases([view.caseId]),
    ]);
    if (!submission) {
      throw caseNotFound(view.pairCaseId);
    }
    const intake = submission.intake;
    // Parsed by the strict schema: a field added to the case by mistake cannot reach the download.
    const data: TPersonDataExport = ZPersonDataExport.parse({
      format: PERSON_DATA_EXPORT_FORMAT,
      generatedAt: this.clock.now().toISOString(),
      receiptNumber: status.receiptNumber,
      consultation: {
        receivedAt: submission.createdAt.toISOString(),
        status: status.status,
        statusLabel: status.statusLabel,
      },
      submitted:
        submission.shreddedAt !== null || !intake
          ? null
          : {
              description: intake.description,
              pickedCategory: submission.pickedCategory,
              answers: record(intake.answers) ?? {},
              person: record(intake.person) ?? {},
              identifiers: record(intake.identifiers) ?? {},
              contact: record(intake.contact),
            },
      conversation: status.conversation,
      files: status.files.map(({ name, sizeBytes, sha256, receivedAt }) => ({
        name,
        sizeBytes,
        sha256,
        receivedAt,
      })),
      requests: await Promise.all(
        requests.map(async (row) => ({
          kind: row.kind,
          status: row.status,
          receivedAt: row.receivedAt.toISOString(),
          dueAt: row.dueAt.toISOString(),
          decidedAt: row.decidedAt?.toISOString() ?? null,
          refusalReason: row.refusalReason,
          text: await this.textOf(row),
        })),
      ),
      dataDeletedAt: status.dataDeletedAt,
    } satisfies TPersonDataExport);

    const file: ReportFile =
      request.format === 'json'
        ? {
            body: Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'),
            filename: `madoguchi-${data.receiptNumber}.json`,
            contentType: 'application/json; charset=utf-8',
          }
        : {
            body: await renderPdf(buildPersonDataPdf(data, (await this.deskIdentity.identity()).name)),
            filename: `madoguchi-${data.receiptNumber}.pdf`,
            contentType: 'application/pdf',
          };
    // The format and the file's fingerprint: which copy the person holds, never what is in it.
    await this.audit.record({
      action: 'privacy.person_data_exported',
      entity: 'case',
      entityId: view.caseId,
      caseId: view.caseId,
      meta: { format: request.format, bytes: file.body.length, sha256: sha256(file.body) },
    });
    return file;
  }

  async createRequest(body: TPersonRequestCreate): Promise<TIntakeStatus> {
    const view = await this.intake.personView(body);
    if (body.kind === 'correction' && body.text === '') {
      throw fieldError('text', 'required', CORRECTION_TEXT_REQUIRED);
    }
    const id = randomUUID();
    const at = this.clock.now();
    const dueAt = new Date(at.getTime() + this.dueMs);
    await this.repository.transaction(async (tx) => {
      const locked = await this.repository.lockCase(tx, view.caseId);
      if (!locked) {
        throw caseNotFound(view.caseId);
      }
      if (locked.shreddedAt !== null) {
        throw new AppError('conflict', {
          message: 'The case’s personal data was already deleted',
          userMessage: {
            ja: 'この相談のデータはすでに削除されています。',
            en: 'The data of this consultation has already been deleted.',
          },
          details: { reason: 'person_data_deleted' },
        });
      }
      // One deletion at a time (a resent form is not a second request); corrections may be several.
      if (body.kind === 'deletion' && (await this.repository.hasWaiting(tx, view.caseId, 'deletion'))) {
        throw new AppError('conflict', {
          message: 'A deletion request of this case is already waiting',
          userMessage: {
            ja: '削除の請求はすでに受け付けています。相談員が確認するまでお待ちください。',
            en: 'Your deletion request has already been received. Please wait until a counsellor has reviewed it.',
          },
          details: { reason: 'person_request_pending' },
        });
      }
      await this.repository.insert(tx, {
        id,
        caseId: view.caseId,
        kind: body.kind,
        personText: body.text === '' ? null : this.crypto.encryptString(body.text, personTextLocation(id)),
        dueAt,
        at,
      });
      // The kind and the text's length: the text itself may hold personal data.
      await this.audit.record(
        {
          action: 'privacy.person_request_received',
          entity: 'person_request',
          entityId: id,
          caseId: view.caseId,
          meta: { kind: body.kind, length: body.text.length, dueAt: dueAt.toISOString() },
        },
        tx,
      );
    });
    return view.status();
  }

  /* ---------------------------------------------------------------------------------------- the desk */

  async listForCase(caseId: string): Promise<TPersonRequestList> {
    if (!(await this.repository.caseExists(caseId))) {
      throw caseNotFound(caseId);
    }
    const rows = await this.repository.forCases([caseId]);
    await this.audit.recordView(caseId, { view: 'person_requests' });
    return this.listOf(rows);
  }

  async list(status: TPersonRequestStatus): Promise<TPersonRequestList> {
    // The list names cases and kinds only (no texts), so it is no view of anyone's case.
    return this.listOf(await this.repository.list(status), { withText: false });
  }

  async decide(id: string, body: TPersonRequestDecision, user: AuthUser): Promise<TPersonRequest> {
    const found = await this.repository.find(id);
    if (!found) {
      throw new AppError('not_found', {
        message: `No person request ${id}`,
        userMessage: { ja: 'この請求は見つかりませんでした。', en: 'This request was not found.' },
      });
    }
    if (found.status !== 'received') {
      throw alreadyDecided(id);
    }
    if (body.outcome === 'refused' && body.reason === '') {
      throw fieldError('reason', 'required', REFUSAL_REASON_REQUIRED);
    }
    if (body.outcome === 'completed' && found.kind === 'correction' && body.change === '') {
      throw fieldError('change', 'required', CORRECTION_CHANGE_REQUIRED);
    }
    const deletion = body.outcome === 'completed' && found.kind === 'deletion';
    // Before the request is marked: a case on legal hold refuses (409) and the request stays waiting.
    const shredded = deletion ? await this.shred(found, user.id) : null;
    const at = this.clock.now();
    await this.repository.transaction(async (tx) => {
      await this.repository.lockCase(tx, found.caseId);
      const decided = await this.repository.decide(tx, id, {
        status: body.outcome,
        at,
        byId: user.id,
        refusalReason: body.outcome === 'refused' ? body.reason : null,
        shredded,
      });
      if (!decided) {
        throw alreadyDecided(id);
      }
      if (body.outcome === 'completed' && found.kind === 'correction') {
        // What was corrected goes on the timeline as a note (internal, searchable like any note).
        await this.cases.addEvent(tx, {
          caseId: found.caseId,
          kind: 'note',
          actorId: user.id,
          data: {
            body: `ご本人の請求により訂正しました / Corrected at the person's request:\n${body.change}`,
            via: 'person_request',
            requestId: id,
          },
        });
        await this.cases.refreshSearchDocument(tx, found.caseId);
      }
      const cleared = deletion ? await this.repository.clearTexts(tx, found.caseId) : 0;
      // Kind, outcome and counts: never the person's text, the reason or the correction.
      await this.audit.record(
        {
          action: 'privacy.person_request_decided',
          entity: 'person_request',
          entityId: id,
          caseId: found.caseId,
          meta: {
            kind: found.kind,
            outcome: body.outcome,
            overdue: found.dueAt.getTime() < at.getTime(),
            ...(shredded ? { fields: shredded.fields + cleared, files: shredded.files } : {}),
          },
        },
        tx,
      );
    });
    const row = await this.repository.find(id);
    return this.toDto(row!, this.clock.now(), true);
  }

  /** The shredder's counts; a case already shredded (by retention) has nothing left to remove. */
  private async shred(found: PersonRequestRow, actorId: string): Promise<ShredResult> {
    try {
      return await this.shredder.shred(found.caseId, {
        trigger: 'person_request',
        actorId,
        requestId: found.id,
      });
    } catch (error) {
      if (error instanceof AppError && error.options.details?.reason === 'case_shredded') {
        return { fields: 0, files: 0 };
      }
      throw error;
    }
  }

  private async listOf(
    rows: PersonRequestRow[],
    options: { withText: boolean } = { withText: true },
  ): Promise<TPersonRequestList> {
    const now = this.clock.now();
    const items = await Promise.all(rows.map((row) => this.toDto(row, now, options.withText)));
    return { items, overdue: items.filter((item) => item.overdue).length };
  }

  private async toDto(row: PersonRequestRow, now: Date, withText: boolean): Promise<TPersonRequest> {
    const dueAt = row.dueAt.toISOString();
    return {
      id: row.id,
      caseId: row.caseId,
      receiptNumber: row.case.receiptNumber,
      kind: row.kind,
      status: row.status,
      text: withText ? await this.textOf(row) : null,
      receivedAt: row.receivedAt.toISOString(),
      dueAt,
      overdue: isPersonRequestOverdue({ status: row.status, dueAt }, now),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      decidedBy: row.decidedBy ? { id: row.decidedBy.id, name: row.decidedBy.displayName } : null,
      refusalReason: row.refusalReason,
      shredded:
        row.shreddedFields === null ? null : { fields: row.shreddedFields, files: row.shreddedFiles ?? 0 },
    };
  }

  private async textOf(row: PersonRequestRow): Promise<string | null> {
    return row.personText === null
      ? null
      : this.crypto.decryptString(row.personText, personTextLocation(row.id));
  }
}

function alreadyDecided(id: string): AppError {
  return new AppError('conflict', {
    message: `Person request ${id} was already decided`,
    userMessage: {
      ja: 'この請求はすでに対応済みです。画面を読み込み直してください。',
      en: 'This request has already been decided. Please reload the page.',
    },
    details: { reason: 'person_request_decided' },
  });
}

/** A JSON column's object, or null when it holds anything else. */
function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
