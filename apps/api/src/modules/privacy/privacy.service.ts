import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnknownReceipts } from '@madoguchi/db';
import {
  csvDateTime,
  DEFAULT_PRIVACY_REGISTER,
  DISCLOSURE_EVENT_LABELS,
  exposurePeriodErrors,
  disclosureFieldLabel,
  PRIVACY_REGISTER_COLLECTION,
  PRIVACY_REGISTER_ITEMS,
  privacyRegisterRetention,
  PRIVACY_REGISTER_SCOPE,
  REFERRAL_STATUS_LABELS,
  ZReferralConsent,
  type TDisclosureEvent,
  type TDisclosureRecord,
  type TExposureActorReport,
  type TExposureQuery,
  type TExposureReport,
  type TPrivacyRegister,
  type TUpdatePrivacyRegister,
} from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import { AuditService } from '../audit/audit.service';
import { DeskIdentityService } from '../desk/desk-identity.service';
import { csvDocument } from '../reports/csv';
import { renderPdf, type PdfBlock } from '../reports/pdf/pdf-document';
import type { ReportFile } from '../reports/reports.service';
import { PrivacyRepository } from './privacy.repository';

const fieldLabel = (field: string) => disclosureFieldLabel(field).ja;
const statusLabel = (status: string) =>
  (REFERRAL_STATUS_LABELS as Record<string, { ja: string } | undefined>)[status]?.ja ?? status;

/**
 * The desk's privacy records: the register of personal-information files (個人情報ファイル簿), a case's disclosure
 * record (提供記録) and the exposure report. Each look is audited, with counts and names of fields, never values.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly repository: PrivacyRepository,
    private readonly audit: AuditService,
    private readonly deskIdentity: DeskIdentityService,
    private readonly clock: Clock,
    private readonly config: ApiConfig,
  ) {}

  /* ---------------------------------------------------------------------------------------- register */

  async register(): Promise<TPrivacyRegister> {
    const register = await this.buildRegister();
    await this.audit.record({
      action: 'privacy.register_read',
      entity: 'privacy_register',
      meta: { recipients: register.recipients.length },
    });
    return register;
  }

  async updateRegister(body: TUpdatePrivacyRegister, user: AuthUser): Promise<TPrivacyRegister> {
    const before = (await this.repository.registerSettings()) ?? DEFAULT_PRIVACY_REGISTER;
    await this.repository.saveRegisterSettings(body, user.id);
    const changed = (['fileName', 'purpose', 'notes'] as const).filter((key) => before[key] !== body[key]);
    // Which fields changed, not their text: the log stays free of anything typed.
    await this.audit.record({
      action: 'privacy.register_changed',
      entity: 'privacy_register',
      meta: { changed },
    });
    return this.buildRegister();
  }

  async registerCsv(): Promise<ReportFile> {
    const register = await this.buildRegister();
    const lines: (string | number | null)[][] = [
      ['項目 / Item', '内容 / Value'],
      ['個人情報ファイルの名称 / Name of the file', register.fileName],
      ['行政機関等の名称 / Desk', register.deskName],
      ['利用目的 / Purpose of use', register.purpose],
      ...register.items.map((item) => [
        '記録項目 / Item held',
        `${item.label.ja}${item.specialCare ? '(要配慮個人情報を含みうる)' : ''} / ${item.label.en} [${item.stored}]`,
      ]),
      ['記録範囲 / Persons recorded', `${register.scope.ja} / ${register.scope.en}`],
      ['収集方法 / How collected', `${register.collection.ja} / ${register.collection.en}`],
      ['保存期間 / Retention', `${register.retention.ja} / ${register.retention.en}`],
      ...register.recipients.map((recipient) => [
        '経常的提供先 / Recipient',
        `${recipient.name.ja}(${recipient.operator}) 紹介 ${recipient.referrals}件・送付 ${recipient.sent}件` +
          ` / ${recipient.name.en}: ${recipient.referrals} referrals, ${recipient.sent} sent` +
          (recipient.lastSentAt
            ? `; 最終送付 / last sent ${csvDateTime(new Date(recipient.lastSentAt))}`
            : ''),
      ]),
      ['備考 / Notes', register.notes],
      ['作成日時 / Generated', csvDateTime(new Date(register.generatedAt))],
    ];
    const body = csvDocument(lines);
    await this.audit.record({
      action: 'privacy.register_export',
      entity: 'privacy_register',
      meta: { format: 'csv', sha256: sha256(body) },
    });
    return { body, filename: 'privacy-register.csv', contentType: 'text/csv; charset=utf-8' };
  }

  private async buildRegister(): Promise<TPrivacyRegister> {
    const [settings, recipients, identity] = await Promise.all([
      this.repository.registerSettings(),
      this.repository.recipients(),
      this.deskIdentity.identity(),
    ]);
    const text = settings ?? DEFAULT_PRIVACY_REGISTER;
    return {
      deskName: identity.name,
      fileName: text.fileName,
      purpose: text.purpose,
      notes: text.notes,
      items: PRIVACY_REGISTER_ITEMS.map((item) => ({ ...item, label: { ...item.label } })),
      scope: PRIVACY_REGISTER_SCOPE,
      collection: PRIVACY_REGISTER_COLLECTION,
      retention: privacyRegisterRetention({
        standardDays: this.config.env.RETENTION_STANDARD_DAYS,
        shortDays: this.config.env.RETENTION_SHORT_DAYS,
      }),
      recipients: recipients.map((row) => ({
        windowSlug: row.slug,
        name: { ja: row.nameJa, en: row.nameEn },
        operator: row.operator,
        active: row.active,
        referrals: row.referrals,
        sent: row.sent,
        disclosures: row.disclosures,
        lastSentAt: row.lastSentAt?.toISOString() ?? null,
      })),
      updatedAt: settings?.updatedAt.toISOString() ?? null,
      generatedAt: this.clock.now().toISOString(),
    };
  }

  /* ------------------------------------------------------------------------------- disclosure record */

  async disclosureRecord(receiptNumber: string): Promise<TDisclosureRecord> {
    const record = await this.buildDisclosureRecord(receiptNumber);
    await this.audit.record({
      action: 'privacy.disclosure_read',
      entity: 'case',
      entityId: record.caseId,
      caseId: record.caseId,
      meta: { receiptNumber: record.receiptNumber, referrals: record.referrals.length },
    });
    return record;
  }

  async disclosureCsv(receiptNumber: string): Promise<ReportFile> {
    const record = await this.buildDisclosureRecord(receiptNumber);
    const header = [
      '受付番号 / Receipt',
      '紹介番号 / Referral',
      '提供先 / Window',
      '状態 / Status',
      '同意した人 / Consent by',
      '同意日時 / Consent at',
      '同意を記録した職員 / Recorded by',
      '同意した項目 / Consented fields',
      '出来事 / Event',
      '日時 / At',
      '実行者 / By',
      '提供した項目 / Fields disclosed',
      'ファイル / File',
      'SHA-256',
    ];
    const rows = record.referrals.flatMap((referral) => {
      const base = [
        record.receiptNumber,
        referral.referralNumber,
        referral.window.name.ja,
        statusLabel(referral.status),
        referral.consent.givenBy === 'guardian' ? '保護者 / guardian' : '本人 / the person',
        referral.consent.givenAt ? csvDateTime(new Date(referral.consent.givenAt)) : '',
        referral.consent.recordedBy?.name ?? '',
        referral.consent.fields.map(fieldLabel).join('・'),
      ];
      if (referral.events.length === 0) {
        return [[...base, '(まだ提供なし / nothing disclosed yet)', '', '', '', '', '']];
      }
      return referral.events.map((event) => [
        ...base,
        `${DISCLOSURE_EVENT_LABELS[event.kind].ja} / ${DISCLOSURE_EVENT_LABELS[event.kind].en}`,
        csvDateTime(new Date(event.at)),
        event.by?.name ?? referral.window.name.ja,
        event.fields.map(fieldLabel).join('・'),
        event.fileName ?? '',
        event.sha256 ?? '',
      ]);
    });
    const body = csvDocument([header, ...rows]);
    await this.recordDisclosureExport(record, 'csv', body);
    return {
      body,
      filename: `disclosure-record-${record.receiptNumber}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }

  async disclosurePdf(receiptNumber: string): Promise<ReportFile> {
    const record = await this.buildDisclosureRecord(receiptNumber);
    const identity = await this.deskIdentity.identity();
    const blocks: PdfBlock[] = [
      { kind: 'title', text: '提供記録 / Disclosure record' },
      {
        kind: 'paragraph',
        text: `${identity.name}\n受付番号 ${record.receiptNumber} 出力 ${csvDateTime(new Date(record.generatedAt))}`,
        align: 'right',
        small: true,
      },
    ];
    if (record.referrals.length === 0) {
      blocks.push({
        kind: 'paragraph',
        text: 'この相談から外部への提供はありません。/ Nothing was disclosed.',
      });
    }
    for (const referral of record.referrals) {
      blocks.push(
        { kind: 'heading', text: `${referral.referralNumber} ${referral.window.name.ja}` },
        {
          kind: 'fields',
          rows: [
            { label: '状態', value: statusLabel(referral.status) },
            { label: '同意した人', value: referral.consent.givenBy === 'guardian' ? '保護者' : '本人' },
            {
              label: '同意日時',
              value: referral.consent.givenAt ? csvDateTime(new Date(referral.consent.givenAt)) : '',
            },
            { label: '記録した職員', value: referral.consent.recordedBy?.name ?? '' },
            { label: '同意した項目', value: referral.consent.fields.map(fieldLabel).join('・') || 'なし' },
            { label: '共有を認めた証拠ファイル', value: `${referral.consent.evidenceFiles}件` },
            { label: '窓口のリンク閲覧', value: referral.partnerViewed ? 'あり' : 'なし' },
            { label: '窓口の証拠取得', value: referral.partnerDownloaded ? 'あり' : 'なし' },
          ],
        },
      );
      if (referral.events.length > 0) {
        blocks.push({
          kind: 'table',
          columns: ['日時', '出来事', '実行者', '提供した項目・ファイル'],
          widths: [95, 110, 90, 200],
          rows: referral.events.map((event) => [
            csvDateTime(new Date(event.at)),
            DISCLOSURE_EVENT_LABELS[event.kind].ja,
            event.by?.name ?? '窓口',
            [event.fields.map(fieldLabel).join('・'), event.fileName ?? ''].filter(Boolean).join(' '),
          ]),
        });
      }
    }
    const body = await renderPdf({
      title: `提供記録 ${record.receiptNumber}`,
      footer: `${identity.name} 提供記録 ${record.receiptNumber}`,
      blocks,
    });
    await this.recordDisclosureExport(record, 'pdf', body);
    return {
      body,
      filename: `disclosure-record-${record.receiptNumber}.pdf`,
      contentType: 'application/pdf',
    };
  }

  private async recordDisclosureExport(record: TDisclosureRecord, format: 'csv' | 'pdf', body: Buffer) {
    await this.audit.record({
      action: 'privacy.disclosure_export',
      entity: 'case',
      entityId: record.caseId,
      caseId: record.caseId,
      meta: { receiptNumber: record.receiptNumber, format, sha256: sha256(body) },
    });
  }

  private async buildDisclosureRecord(receiptNumber: string): Promise<TDisclosureRecord> {
    const found = await this.repository.caseByReceipt(receiptNumber);
    if (!found) {
      throw new AppError('not_found', {
        message: `No case ${receiptNumber}`,
        userMessage: {
          ja: 'この受付番号の相談は見つかりませんでした。',
          en: 'No case has this receipt number.',
        },
      });
    }
    const [referrals, disclosures, uses] = await Promise.all([
      this.repository.referralsOfCase(found.id),
      this.repository.disclosuresOfCase(found.id),
      this.repository.partnerUsesOfCase(found.id),
    ]);
    const consents = new Map(referrals.map((r) => [r.id, ZReferralConsent.safeParse(r.consent)]));
    const fileIds = uses.flatMap((use) => {
      const fileId = (use.meta as { fileId?: unknown }).fileId;
      return typeof fileId === 'string' ? [fileId] : [];
    });
    const staffIds = [
      ...referrals.map((r) => r.createdById),
      ...disclosures.map((d) => d.generatedById),
      ...[...consents.values()].flatMap((c) => (c.success ? [c.data.recordedById] : [])),
    ];
    const [names, files] = await Promise.all([
      this.repository.staffNames(staffIds),
      this.repository.evidenceNames(fileIds),
    ]);
    const person = (id: string) => ({ id, name: names.get(id) ?? '' });
    return {
      caseId: found.id,
      receiptNumber: found.receiptNumber,
      referrals: referrals.map((referral) => {
        const consent = consents.get(referral.id);
        const events: TDisclosureEvent[] = [
          ...disclosures
            .filter((d) => d.referralId === referral.id)
            .map((d) => ({
              at: d.generatedAt.toISOString(),
              kind: d.kind,
              by: person(d.generatedById),
              fields: d.fields,
              fileName: null,
              sha256: d.sha256,
            })),
          ...uses
            .filter((use) => use.entityId === referral.id)
            .map((use) => {
              const meta = use.meta as { fields?: unknown; fileId?: unknown; sha256?: unknown };
              const download = use.action === 'referral.partner_evidence_downloaded';
              return {
                at: use.at.toISOString(),
                kind: download ? ('partner_download' as const) : ('partner_view' as const),
                by: null,
                fields: Array.isArray(meta.fields) ? meta.fields.filter((f) => typeof f === 'string') : [],
                fileName: typeof meta.fileId === 'string' ? (files.get(meta.fileId) ?? meta.fileId) : null,
                sha256: typeof meta.sha256 === 'string' ? meta.sha256 : null,
              };
            }),
        ].sort((a, b) => a.at.localeCompare(b.at));
        return {
          referralId: referral.id,
          referralNumber: referral.referralNumber,
          window: {
            slug: referral.windowSlug,
            name: { ja: referral.window.nameJa, en: referral.window.nameEn },
          },
          status: referral.status,
          method: referral.method,
          createdAt: referral.createdAt.toISOString(),
          firstSentAt: referral.firstSentAt?.toISOString() ?? null,
          createdBy: person(referral.createdById),
          consent: consent?.success
            ? {
                givenBy: consent.data.givenBy,
                givenAt: consent.data.givenAt,
                recordedBy: person(consent.data.recordedById),
                fields: consent.data.fields,
                evidenceFiles: consent.data.evidenceFileIds?.length ?? 0,
              }
            : // An unreadable consent shares nothing (ReportsService refuses to print from it).
              { givenBy: 'unknown', givenAt: null, recordedBy: null, fields: [], evidenceFiles: 0 },
          events,
          // Only a view of an active link showed the letter (an expired one shows no fields).
          partnerViewed: events.some((e) => e.kind === 'partner_view' && e.fields.length > 0),
          partnerDownloaded: events.some((e) => e.kind === 'partner_download'),
        };
      }),
      generatedAt: this.clock.now().toISOString(),
    };
  }

  /* ---------------------------------------------------------------------------------------- exposure */

  async exposure(query: TExposureQuery): Promise<TExposureReport> {
    const errors = exposurePeriodErrors(query);
    if (errors.length > 0) {
      throw new AppError('validation_failed', { message: 'Invalid period', details: { fields: errors } });
    }
    const from = new Date(query.from);
    const to = new Date(query.to);
    let actors: TExposureActorReport[];
    try {
      actors = await this.repository.exposure({ from, to, receiptNumbers: query.cases });
    } catch (error) {
      if (!(error instanceof UnknownReceipts)) {
        throw error;
      }
      const unknown = error.receiptNumbers.join(', ');
      throw new AppError('not_found', {
        message: error.message,
        userMessage: {
          ja: `この受付番号の相談は見つかりませんでした: ${unknown}`,
          en: `No case has this receipt number: ${unknown}`,
        },
        details: { receiptNumbers: error.receiptNumbers },
      });
    }
    await this.audit.record({
      action: 'privacy.exposure_read',
      entity: 'audit_log',
      meta: { from: query.from, to: query.to, cases: query.cases.length, actors: actors.length, via: 'api' },
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      cases: query.cases,
      actors,
      generatedAt: this.clock.now().toISOString(),
    };
  }
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
