import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DisclosureKind, Prisma, ReferralStatus } from '@madoguchi/db';
import {
  csvDateTime,
  REFERRAL_METHOD_LABELS,
  REFERRAL_STATUS_LABELS,
  statsPeriod,
  ZAdvice,
  ZEvidenceKind,
  ZRecommendation,
  ZReferralConsent,
  ZReferralMethod,
  ZReferralStatus,
  type TReferralConsent,
  type TReferralRegisterQuery,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { DeskIdentityService } from '../desk/desk-identity.service';
import { PartnerLinksService } from '../referrals/partner-links.service';
import { toReferralWindow } from '../windows/windows.mapper';
import { buildCaseExport } from './case-export';
import { buildClientCopy } from './client-copy';
import { csvDocument } from './csv';
import { japaneseFonts, renderPdf } from './pdf/pdf-document';
import { buildReferralLetter, type BuiltDocument, type Centre, type LetterAction } from './referral-letter';
import { ReportsRepository, type ReferralForReport } from './reports.repository';
import type { Contact } from './withheld-contact';

/** A generated file and how to offer it for download. */
export type ReportFile = { body: Buffer; filename: string; contentType: string };

/**
 * A letter goes out while the referral is open: a draft is usually printed in order to be sent (posted, faxed or
 * handed over), and a referral that got no reply is sent again. Once the loop is closed (completed, declined,
 * cancelled) nothing more should leave the desk for it, so no letter is made.
 */
const LETTER_STATUSES: readonly ReferralStatus[] = ['draft', 'sent', 'acknowledged', 'no_response'];

/** The person may ask for their copy at any time, except for a referral the desk withdrew. */
const CLIENT_COPY_STATUSES: readonly ReferralStatus[] = [
  'draft',
  'sent',
  'acknowledged',
  'no_response',
  'completed',
  'declined',
];

@Injectable()
export class ReportsService implements OnModuleInit {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly audit: AuditService,
    private readonly partnerLinks: PartnerLinksService,
    private readonly deskIdentity: DeskIdentityService,
  ) {}

  /** Fail at boot, not at the first letter, when the font package is missing. */
  onModuleInit(): void {
    japaneseFonts();
  }

  /** The referral letter (紹介状) with what the consent allows; recorded as a disclosure and audited. */
  async referralLetter(id: string, user: AuthUser, now = new Date()): Promise<ReportFile> {
    const referral = await this.findReferral(id);
    assertStatus(referral, LETTER_STATUSES, 'letter');
    const window = toReferralWindow(referral.window);
    if (referral.status === 'draft' && !window.active) {
      throw new AppError('conflict', {
        message: `Window ${window.slug} is inactive; no letter for draft referral ${id}`,
        userMessage: {
          ja: 'この相談窓口は現在紹介を受け付けていません(無効)。紹介状は作れません。',
          en: 'This consultation window is inactive, so no letter can be made.',
        },
        details: { reason: 'window_inactive' },
      });
    }
    const consent = parseConsent(referral);
    // A sent referral's letter carries the window's partner link (URL and QR code); a draft's does not yet.
    const partnerLink = await this.partnerLinks.letterLink(referral.id);
    const built = await this.buildLetter(referral, consent, now, partnerLink);
    const body = await renderPdf(built.model);
    await this.recordDisclosure({
      referral,
      consent,
      kind: 'referral_letter',
      fields: built.fields,
      body,
      user,
      now,
    });
    return {
      body,
      filename: `referral-letter-${referral.referralNumber}.pdf`,
      contentType: 'application/pdf',
    };
  }

  /**
   * What the partner link's page shows: the letter's own content, so consent is applied in one place
   * (buildReferralLetter). Not a file and not a disclosure record: the window already holds the letter; the caller
   * audits the look.
   */
  async letterContent(
    id: string,
    now = new Date(),
  ): Promise<{ referral: ReferralForReport; built: BuiltDocument }> {
    const referral = await this.findReferral(id);
    const consent = parseConsent(referral);
    return { referral, built: await this.buildLetter(referral, consent, now, null) };
  }

  /** A referral and the evidence files its consent shares: what the window's link may serve (not the letter). */
  async sharedEvidence(id: string): Promise<{ referral: ReferralForReport; fileIds: string[] }> {
    const referral = await this.findReferral(id);
    return { referral, fileIds: parseConsent(referral).evidenceFileIds ?? [] };
  }

  /** The sender printed on every file: the desk's identity as an admin set it, else CENTRE_*. */
  centre(): Promise<Centre> {
    return this.deskIdentity.identity();
  }

  private async buildLetter(
    referral: ReferralForReport,
    consent: TReferralConsent,
    now: Date,
    partnerLink: { url: string; expiresAt: Date } | null,
  ): Promise<BuiltDocument> {
    const fields = new Set(consent.fields);
    const caseId = referral.caseId;
    const window = toReferralWindow(referral.window);
    // Only what the consent names is read (the contact is read to take withheld details out of free text).
    const shared = consent.evidenceFileIds ?? [];
    const [intake, identifiers, events, counselorName, centre, evidence] = await Promise.all([
      this.repository.intake(caseId, fields.has('description')),
      fields.has('identifiers') ? this.repository.identifiers(caseId) : Promise.resolve([]),
      fields.has('actions_taken') ? this.repository.actions(caseId) : Promise.resolve([]),
      this.repository.displayName(referral.createdById),
      this.centre(),
      shared.length > 0 ? this.repository.sharedEvidence(caseId, shared) : Promise.resolve([]),
    ]);
    return buildReferralLetter({
      now,
      centre,
      referral: { referralNumber: referral.referralNumber, reason: referral.reason, consent },
      window,
      counselorName,
      case: referral.case,
      description: fields.has('description') ? (intake?.description ?? null) : null,
      contact: toContact(intake?.contact ?? null),
      identifiers,
      evidence: evidence.map((file) => ({
        id: file.id,
        name: file.originalName,
        kind: ZEvidenceKind.parse(file.kind),
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
        deleted: file.deletedAt !== null,
      })),
      actions: events
        .map(toAction)
        .filter((action): action is LetterAction => action !== null)
        .sort((a, b) => a.at.getTime() - b.at.getTime()),
      partnerLink,
    });
  }

  /**
   * The whole case as a PDF for the desk's file or a supervisor's review (notes included). Any staff member who
   * may work the case may export it; the export is audited (case.export) with the file's hash.
   */
  async caseExport(id: string, user: AuthUser, now = new Date()): Promise<ReportFile> {
    const row = await this.repository.caseForExport(id);
    if (!row) {
      throw new AppError('not_found', {
        message: `No case ${id}`,
        userMessage: { ja: 'この相談は見つかりませんでした。', en: 'This case was not found.' },
      });
    }
    const triage = row.triages[0] ?? null;
    const slugs = recommendedSlugs(triage?.result ?? null);
    const [windows, exportedBy, centre] = await Promise.all([
      slugs.length > 0 ? this.repository.windows(slugs) : Promise.resolve([]),
      this.repository.displayName(user.id),
      this.centre(),
    ]);
    const body = await renderPdf(
      buildCaseExport({
        now,
        centre,
        exportedBy,
        case: {
          receiptNumber: row.receiptNumber,
          status: row.status,
          urgency: row.urgency,
          priority: row.priority,
          channel: row.channel,
          summary: row.summary,
          confirmedCategories: row.confirmedCategories,
          suggestedCategories: row.suggestedCategories,
          safetyFlags: row.safetyFlags,
          personAge: row.personAge,
          prefecture: row.prefecture,
          tags: row.tags,
          followUpAt: row.followUpAt,
          createdAt: row.createdAt,
          closedAt: row.closedAt,
          assignee: row.assignee?.displayName ?? null,
        },
        description: row.intake?.description ?? null,
        contact: toContact(row.intake?.contact ?? null),
        triage,
        identifiers: row.identifiers.map((link) => link.identifier),
        events: row.events.map((event) => ({
          kind: event.kind,
          data: event.data,
          public: event.public,
          createdAt: event.createdAt,
          actor: event.actor?.displayName ?? null,
        })),
        referrals: row.referrals.map(({ window, ...referral }) => ({
          ...referral,
          windowName: window.nameJa,
        })),
        windowNames: new Map(windows.map((window) => [window.slug, window.nameJa])),
      }),
    );
    await this.audit.record({
      action: 'case.export',
      entity: 'case',
      entityId: row.id,
      caseId: row.id,
      // The file's hash, never its content: the audit log is append-only.
      meta: {
        receiptNumber: row.receiptNumber,
        format: 'pdf',
        sha256: createHash('sha256').update(body).digest('hex'),
      },
    });
    return {
      body,
      filename: `case-${row.receiptNumber}.pdf`,
      contentType: 'application/pdf',
    };
  }

  /** The person's own copy: windows, hours and advice; no notes and nothing about anyone else. */
  async clientCopy(id: string, user: AuthUser, now = new Date()): Promise<ReportFile> {
    const referral = await this.findReferral(id);
    assertStatus(referral, CLIENT_COPY_STATUSES, 'client_copy');
    const consent = parseConsent(referral);
    const window = toReferralWindow(referral.window);
    const triage = await this.repository.latestTriage(referral.caseId);
    const result = (triage?.result ?? {}) as { advice?: unknown; recommendations?: unknown };
    const advice = ZAdvice.safeParse(result.advice);
    const recommendations = (Array.isArray(result.recommendations) ? result.recommendations : [])
      .map((item) => ZRecommendation.safeParse(item))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .filter((rec) => rec.windowSlug !== window.slug);
    const rows = await this.repository.windows(recommendations.map((rec) => rec.windowSlug));
    const bySlug = new Map(rows.map((row) => [row.slug, toReferralWindow(row)]));
    const otherWindows = recommendations.flatMap((rec) => {
      const other = bySlug.get(rec.windowSlug);
      return other?.active ? [{ window: other, reason: rec.reason.ja }] : [];
    });
    const body = await renderPdf(
      buildClientCopy({
        now,
        centre: await this.centre(),
        receiptNumber: referral.case.receiptNumber,
        referralNumber: referral.referralNumber,
        window,
        otherWindows,
        advice: advice.success ? advice.data : null,
      }),
    );
    await this.recordDisclosure({ referral, consent, kind: 'client_copy', fields: [], body, user, now });
    return {
      body,
      filename: `client-copy-${referral.referralNumber}.pdf`,
      contentType: 'application/pdf',
    };
  }

  /** Every referral created in the period, for the desk's register (台帳); supervisors only. */
  async referralRegister(query: TReferralRegisterQuery): Promise<ReportFile> {
    const period = statsPeriod(query.from, query.to);
    const rows = await this.repository.register(period.start, period.end);
    await this.audit.record({
      action: 'referral.register_export',
      entity: 'referral',
      meta: { from: query.from, to: query.to, count: rows.length },
    });
    const body = csvDocument([
      [
        '紹介番号',
        '受付番号',
        '紹介先窓口',
        '窓口コード',
        '紹介の方法',
        '状態',
        '作成日時',
        '送付日時',
        '受付確認日時',
        '終了日時',
        'フォローアップ期限',
        '結果メモ',
      ],
      ...rows.map((row) => [
        row.referralNumber,
        row.receiptNumber,
        row.windowName,
        row.windowSlug,
        methodLabel(row.method),
        statusLabel(row.status),
        csvDateTime(row.createdAt),
        csvDateTime(row.sentAt),
        csvDateTime(row.acknowledgedAt),
        csvDateTime(row.closedAt),
        csvDateTime(row.followUpDueAt),
        row.outcomeNote,
      ]),
    ]);
    return {
      body,
      filename: `referrals-${query.from}_${query.to}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }

  private async findReferral(id: string): Promise<ReferralForReport> {
    const referral = await this.repository.findReferral(id);
    if (!referral) {
      throw new AppError('not_found', {
        message: `No referral ${id}`,
        userMessage: { ja: 'この紹介は見つかりませんでした。', en: 'This referral was not found.' },
      });
    }
    return referral;
  }

  /** The disclosure record and the audit entry are written together, before the file is handed out. */
  private async recordDisclosure(input: {
    referral: ReferralForReport;
    consent: TReferralConsent;
    kind: DisclosureKind;
    fields: string[];
    body: Buffer;
    user: AuthUser;
    now: Date;
  }): Promise<void> {
    const { referral, consent, kind, fields, body, user, now } = input;
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.repository.transaction(async (tx) => {
      const disclosure = await this.repository.insertDisclosure(tx, {
        referralId: referral.id,
        caseId: referral.caseId,
        windowSlug: referral.windowSlug,
        kind,
        fields,
        consent: consent as unknown as Prisma.InputJsonObject,
        generatedById: user.id,
        generatedAt: now,
        sha256,
      });
      await this.audit.record(
        {
          action: kind === 'referral_letter' ? 'referral.letter_generated' : 'referral.client_copy_generated',
          entity: 'referral',
          entityId: referral.id,
          caseId: referral.caseId,
          // Field names and the file's hash, never the values: the audit log is append-only.
          meta: {
            referralNumber: referral.referralNumber,
            windowSlug: referral.windowSlug,
            disclosureId: disclosure.id,
            fields,
            consentFields: consent.fields,
            sha256,
          },
        },
        tx,
      );
    });
  }
}

function assertStatus(
  referral: ReferralForReport,
  allowed: readonly ReferralStatus[],
  what: 'letter' | 'client_copy',
): void {
  if (allowed.includes(referral.status)) {
    return;
  }
  throw new AppError('conflict', {
    message: `Referral ${referral.id} is ${referral.status}; no ${what}`,
    userMessage:
      what === 'letter'
        ? {
            ja: '終わった紹介(完了・対応不可・取り消し)の紹介状は作れません。',
            en: 'No letter can be made for a closed referral (completed, declined or cancelled).',
          }
        : {
            ja: '取り消した紹介の控えは作れません。',
            en: 'No copy can be made for a cancelled referral.',
          },
    details: { reason: 'referral_status', status: referral.status },
  });
}

/** Without a readable consent nothing is disclosed: the stored JSON is checked, not trusted. */
function parseConsent(referral: ReferralForReport): TReferralConsent {
  const parsed = ZReferralConsent.safeParse(referral.consent);
  if (!parsed.success) {
    throw new AppError('internal', { message: `Referral ${referral.id} has an unreadable consent record` });
  }
  return parsed.data;
}

function recommendedSlugs(result: Prisma.JsonValue): string[] {
  const recommendations =
    result !== null && typeof result === 'object' && !Array.isArray(result)
      ? result['recommendations']
      : null;
  return Array.isArray(recommendations)
    ? recommendations.flatMap((rec) => {
        const parsed = ZRecommendation.safeParse(rec);
        return parsed.success ? [parsed.data.windowSlug] : [];
      })
    : [];
}

function toContact(value: Prisma.JsonValue): Contact | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  return { name: text('name'), phone: text('phone'), email: text('email') };
}

function toAction(event: { kind: string; data: Prisma.JsonValue; createdAt: Date }): LetterAction | null {
  const data =
    event.data !== null && typeof event.data === 'object' && !Array.isArray(event.data) ? event.data : {};
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  if (event.kind === 'public_message') {
    const body = text('body');
    return body ? { kind: 'desk_message', at: event.createdAt, body } : null;
  }
  if (event.kind === 'person_reply') {
    return { kind: 'person_reply', at: event.createdAt };
  }
  const summary = text('summary');
  if (event.kind !== 'contact' || !summary) {
    return null;
  }
  // A call is dated when it happened, not when it was written down.
  const occurredAt = text('occurredAt');
  const at = occurredAt && !Number.isNaN(Date.parse(occurredAt)) ? new Date(occurredAt) : event.createdAt;
  return { kind: 'contact', at, direction: text('direction'), channel: text('channel'), summary };
}

function methodLabel(method: string): string {
  const parsed = ZReferralMethod.safeParse(method);
  return parsed.success ? REFERRAL_METHOD_LABELS[parsed.data].ja : method;
}

function statusLabel(status: string): string {
  const parsed = ZReferralStatus.safeParse(status);
  return parsed.success ? REFERRAL_STATUS_LABELS[parsed.data].ja : status;
}
