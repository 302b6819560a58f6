import { Injectable } from '@nestjs/common';
import {
  can,
  fillTemplate,
  openingHoursLine,
  templatePlaceholders,
  templateValues,
  unknownPlaceholderMessage,
  unknownTemplatePlaceholders,
  type TCreateMessageTemplate,
  type TMessageTemplate,
  type TMessageTemplatesQuery,
  type TTemplateFill,
  type TUpdateMessageTemplate,
} from '@madoguchi/shared';
import type { MessageTemplate } from '@madoguchi/db';
import { currentContext, type AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { caseNotFound, fieldError } from '../cases/case-errors';
import { WindowsService } from '../windows/windows.service';
import { TemplatesRepository } from './templates.repository';

/**
 * Message and note templates. Admins manage them (templates.manage); every staff member lists the active ones
 * and fills one for a case. The placeholders (packages/shared/src/message-templates.ts) are checked on saving:
 * an unknown one is a field error on `body`, never literal braces in a message to the person.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly repository: TemplatesRepository,
    private readonly windows: WindowsService,
    private readonly audit: AuditService,
  ) {}

  async list(query: TMessageTemplatesQuery): Promise<TMessageTemplate[]> {
    if (query.includeInactive && !can(currentContext()?.user?.role, 'templates.manage')) {
      throw new AppError('forbidden', { message: 'includeInactive is for those who manage templates' });
    }
    const rows = await this.repository.list({
      kind: query.kind,
      includeInactive: query.includeInactive === true,
    });
    return rows.map(toView);
  }

  async get(id: string): Promise<TMessageTemplate> {
    return toView(await this.found(id));
  }

  async create(input: TCreateMessageTemplate, user: AuthUser): Promise<TMessageTemplate> {
    checkPlaceholders(input.body);
    const row = await this.repository.transaction(async (tx) => {
      const created = await this.repository.create(tx, { ...input, createdById: user.id });
      await this.audit.record(
        {
          action: 'template.create',
          entity: 'message_template',
          entityId: created.id,
          meta: { kind: created.kind, title: created.title },
        },
        tx,
      );
      return created;
    });
    return toView(row);
  }

  async update(id: string, input: TUpdateMessageTemplate, user: AuthUser): Promise<TMessageTemplate> {
    if (input.body !== undefined) {
      checkPlaceholders(input.body);
    }
    const before = await this.found(id);
    const row = await this.repository.transaction(async (tx) => {
      const updated = await this.repository.update(tx, id, { ...input, updatedById: user.id });
      if (!updated) {
        throw templateNotFound(id);
      }
      await this.audit.record(
        {
          action: 'template.update',
          entity: 'message_template',
          entityId: id,
          // Which fields changed; the title (not personal data) so the log reads well.
          meta: {
            fields: Object.keys(input),
            title: updated.title,
            ...(input.active !== undefined && input.active !== before.active ? { active: input.active } : {}),
          },
        },
        tx,
      );
      return updated;
    });
    return toView(row);
  }

  /** An active template filled for a case; the read of the case is audited as a view. */
  async fill(id: string, caseId: string, user: AuthUser): Promise<TTemplateFill> {
    const template = await this.found(id);
    if (!template.active) {
      throw templateNotFound(id);
    }
    const facts = await this.repository.caseFacts(caseId);
    if (!facts) {
      throw caseNotFound(caseId);
    }
    const directory = await this.windows.directory();
    const bySlug = new Map(directory.map((w) => [w.slug, w]));
    const window =
      (facts.referredSlug ? bySlug.get(facts.referredSlug) : undefined) ??
      facts.suggested.map((slug) => bySlug.get(slug)).find((w) => w !== undefined && w.active);
    const values = templateValues({
      receiptNumber: facts.receiptNumber,
      counselorName: user.displayName,
      window: window
        ? {
            name: window.name.ja,
            hours: openingHoursLine(window),
            phone: window.phones[0]?.number,
            url: window.url,
          }
        : null,
    });
    const { text, missing } = fillTemplate(template.body, values);
    await this.audit.recordView(caseId, { view: 'template' });
    return {
      templateId: template.id,
      kind: template.kind,
      text,
      missing,
      window: window ? { slug: window.slug, name: window.name.ja } : null,
    };
  }

  private async found(id: string): Promise<MessageTemplate> {
    const row = await this.repository.find(id);
    if (!row) {
      throw templateNotFound(id);
    }
    return row;
  }
}

function checkPlaceholders(body: string): void {
  const unknown = unknownTemplatePlaceholders(body);
  if (unknown.length > 0) {
    throw fieldError('body', 'unknown_placeholder', unknownPlaceholderMessage(unknown), {
      placeholders: unknown,
    });
  }
}

function templateNotFound(id: string): AppError {
  return new AppError('not_found', {
    message: `No template ${id}`,
    userMessage: { ja: 'この定型文は見つかりません。', en: 'This template was not found.' },
  });
}

function toView(row: MessageTemplate): TMessageTemplate {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    active: row.active,
    placeholders: templatePlaceholders(row.body),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
