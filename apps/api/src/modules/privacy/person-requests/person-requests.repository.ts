import { Injectable } from '@nestjs/common';
import type { PersonRequestKind, PersonRequestStatus, Prisma } from '@madoguchi/db';
import { openIntake } from '../../../common/crypto/case-texts';
import type { FieldLocation } from '../../../common/crypto/field-cipher';
import { FieldCrypto } from '../../../common/crypto/field-crypto.service';
import { openOptionalText, sealOptionalText } from '../../../common/crypto/free-texts';
import { PrismaService } from '../../../db/prisma.service';

type Tx = Prisma.TransactionClient;

/** Where a request's text is encrypted: bound to its table, column and row (encrypted-columns.ts). */
export const personTextLocation = (id: string): FieldLocation => ({
  table: 'person_requests',
  column: 'person_text',
  rowId: id,
});

const REQUEST_SELECT = {
  id: true,
  caseId: true,
  kind: true,
  status: true,
  personText: true,
  receivedAt: true,
  dueAt: true,
  decidedAt: true,
  refusalReason: true,
  shreddedFields: true,
  shreddedFiles: true,
  case: { select: { receiptNumber: true } },
  decidedBy: { select: { id: true, displayName: true } },
} as const satisfies Prisma.PersonRequestSelect;

export type PersonRequestRow = Prisma.PersonRequestGetPayload<{ select: typeof REQUEST_SELECT }>;

/** How many requests the desk's list shows at once (the waiting ones are few; decided ones, the latest). */
const LIST_LIMIT = 500;

/**
 * The person_requests table's one writer, and the reads of the person's own data for their download (their
 * intake, the case's coded facts). The conversation and files come from the status page (IntakeService).
 */
@Injectable()
export class PersonRequestsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(work);
  }

  /** The case under its row lock (one decision or deletion request at a time per case); null: no such case. */
  async lockCase(tx: Tx, caseId: string): Promise<{ shreddedAt: Date | null } | null> {
    const rows = await tx.$queryRaw<{ shredded_at: Date | null }[]>`
      SELECT shredded_at FROM cases WHERE id = ${caseId}::uuid FOR UPDATE`;
    const row = rows[0];
    return row ? { shreddedAt: row.shredded_at } : null;
  }

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.prisma.client.case.count({ where: { id: caseId } })) === 1;
  }

  async hasWaiting(tx: Tx, caseId: string, kind: PersonRequestKind): Promise<boolean> {
    const found = await tx.personRequest.findFirst({
      where: { caseId, kind, status: 'received' },
      select: { id: true },
    });
    return found !== null;
  }

  async insert(
    tx: Tx,
    row: {
      id: string;
      caseId: string;
      kind: PersonRequestKind;
      personText: string | null;
      dueAt: Date;
      at: Date;
    },
  ): Promise<void> {
    await tx.personRequest.create({
      data: {
        id: row.id,
        caseId: row.caseId,
        kind: row.kind,
        personText: row.personText,
        receivedAt: row.at,
        dueAt: row.dueAt,
      },
    });
  }

  /**
   * A request row with the desk's refusal reason opened (free-texts.ts). The person's text stays sealed: the service
   * opens it only where it is shown (personTextLocation).
   */
  private async opened(row: PersonRequestRow): Promise<PersonRequestRow> {
    return {
      ...row,
      refusalReason: await openOptionalText(this.crypto, 'requestRefusalReason', row.id, row.refusalReason),
    };
  }

  async find(id: string): Promise<PersonRequestRow | null> {
    const row = await this.prisma.client.personRequest.findUnique({ where: { id }, select: REQUEST_SELECT });
    return row && this.opened(row);
  }

  async forCases(caseIds: readonly string[]): Promise<PersonRequestRow[]> {
    const rows = await this.prisma.client.personRequest.findMany({
      where: { caseId: { in: [...caseIds] } },
      orderBy: [{ receivedAt: 'desc' }, { id: 'asc' }],
      select: REQUEST_SELECT,
    });
    return Promise.all(rows.map((row) => this.opened(row)));
  }

  /** Waiting requests oldest due first; decided ones most recently decided first. */
  async list(status: PersonRequestStatus): Promise<PersonRequestRow[]> {
    const rows = await this.prisma.client.personRequest.findMany({
      where: { status },
      orderBy:
        status === 'received' ? [{ dueAt: 'asc' }, { id: 'asc' }] : [{ decidedAt: 'desc' }, { id: 'asc' }],
      take: LIST_LIMIT,
      select: REQUEST_SELECT,
    });
    return Promise.all(rows.map((row) => this.opened(row)));
  }

  /** Records the decision, only if the request is still waiting; false: someone decided it first. */
  async decide(
    tx: Tx,
    id: string,
    decision: {
      status: Exclude<PersonRequestStatus, 'received'>;
      at: Date;
      byId: string;
      refusalReason: string | null;
      shredded: { fields: number; files: number } | null;
    },
  ): Promise<boolean> {
    const { count } = await tx.personRequest.updateMany({
      where: { id, status: 'received' },
      data: {
        status: decision.status,
        decidedAt: decision.at,
        decidedById: decision.byId,
        // Written for the person, and about them: encrypted under the request's id.
        refusalReason: sealOptionalText(this.crypto, 'requestRefusalReason', id, decision.refusalReason),
        shreddedFields: decision.shredded?.fields ?? null,
        shreddedFiles: decision.shredded?.files ?? null,
      },
    });
    return count === 1;
  }

  /** The person's texts of every request of the case go with the case's personal data. Returns how many. */
  async clearTexts(tx: Tx, caseId: string): Promise<number> {
    const { count } = await tx.personRequest.updateMany({
      where: { caseId, personText: { not: null } },
      data: { personText: null },
    });
    return count;
  }

  /**
   * What the person submitted (their own case's intake, its encrypted columns opened) and the case's coded facts
   * they may see.
   */
  async submission(caseId: string) {
    const row = await this.prisma.client.case.findUnique({
      where: { id: caseId },
      select: {
        receiptNumber: true,
        createdAt: true,
        pickedCategory: true,
        shreddedAt: true,
        intake: {
          select: { description: true, answers: true, person: true, identifiers: true, contact: true },
        },
      },
    });
    return row && { ...row, intake: row.intake && (await openIntake(this.crypto, caseId, row.intake)) };
  }
}
