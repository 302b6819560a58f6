import { Injectable } from '@nestjs/common';
import type { MessageTemplateKind, Prisma } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

/** message_templates' one writer; also the case facts a template is filled from (read only). */
@Injectable()
export class TemplatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(work);
  }

  list(filter: { kind?: MessageTemplateKind; includeInactive: boolean }) {
    return this.prisma.client.messageTemplate.findMany({
      where: {
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.includeInactive ? {} : { active: true }),
      },
      orderBy: [{ active: 'desc' }, { title: 'asc' }, { id: 'asc' }],
    });
  }

  find(id: string) {
    return this.prisma.client.messageTemplate.findUnique({ where: { id } });
  }

  create(
    tx: Prisma.TransactionClient,
    data: { kind: MessageTemplateKind; title: string; body: string; createdById: string },
  ) {
    return tx.messageTemplate.create({ data: { ...data, updatedById: data.createdById } });
  }

  async update(
    tx: Prisma.TransactionClient,
    id: string,
    data: {
      kind?: MessageTemplateKind;
      title?: string;
      body?: string;
      active?: boolean;
      updatedById: string;
    },
  ) {
    const { count } = await tx.messageTemplate.updateMany({ where: { id }, data });
    return count === 1 ? tx.messageTemplate.findUnique({ where: { id } }) : null;
  }

  /**
   * What a template is filled from: the receipt number, the window of the latest referral that is not
   * cancelled, and the intake triage's recommended windows in order.
   */
  async caseFacts(caseId: string) {
    const row = await this.prisma.client.case.findUnique({
      where: { id: caseId },
      select: {
        receiptNumber: true,
        referrals: {
          where: { status: { not: 'cancelled' } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: 1,
          select: { windowSlug: true },
        },
        triages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 1, select: { result: true } },
      },
    });
    if (!row) {
      return null;
    }
    const result = (row.triages[0]?.result ?? {}) as { recommendations?: { windowSlug?: unknown }[] };
    const suggested = (Array.isArray(result.recommendations) ? result.recommendations : [])
      .map((r) => r.windowSlug)
      .filter((slug): slug is string => typeof slug === 'string');
    return {
      receiptNumber: row.receiptNumber,
      referredSlug: row.referrals[0]?.windowSlug ?? null,
      suggested,
    };
  }
}
