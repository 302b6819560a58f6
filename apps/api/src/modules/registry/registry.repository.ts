import { Injectable } from '@nestjs/common';
import type { IdentifierKind, Prisma, RegistryEntry } from '@madoguchi/db';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { identifierKeyTag, identifierValueKey } from '../../common/crypto/identifier-keys';
import { PrismaService } from '../../db/prisma.service';

export type Tx = Prisma.TransactionClient;

export type RegistryFilter = {
  kind?: IdentifierKind;
  /** Free text matched anywhere in value, display, source and note. */
  text?: string;
  /** Canonical values `q` normalises to (e.g. 090-1234-5678 → +819012345678), matched exactly. */
  exact: { kind: IdentifierKind; value: string }[];
  skip: number;
  take: number;
};

export type NewRegistryEntry = {
  kind: IdentifierKind;
  value: string;
  display: string;
  source: string;
  note: string | null;
};

// Big imports insert tens of thousands of rows in one statement; the default 5 s is too short for that.
const IMPORT_TRANSACTION = { maxWait: 10_000, timeout: 120_000 };

@Injectable()
export class RegistryRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly crypto: FieldCrypto,
  ) {}

  /** The keyed value a case's identifiers match an entry by (identifier-keys.ts), written with every value. */
  private valueKey(kind: IdentifierKind, value: string): string {
    return identifierValueKey(this.crypto, kind, value);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn, IMPORT_TRANSACTION);
  }

  async list(filter: RegistryFilter): Promise<{ items: RegistryEntry[]; total: number }> {
    const or: Prisma.RegistryEntryWhereInput[] = [];
    if (filter.text) {
      const contains = { contains: filter.text, mode: 'insensitive' } as const;
      or.push({ value: contains }, { display: contains }, { source: contains }, { note: contains });
    }
    for (const exact of filter.exact) {
      or.push({ kind: exact.kind, value: exact.value });
    }
    const where: Prisma.RegistryEntryWhereInput = {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(or.length > 0 ? { OR: or } : {}),
    };
    const [items, total] = await Promise.all([
      this.prisma.client.registryEntry.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: filter.skip,
        take: filter.take,
      }),
      this.prisma.client.registryEntry.count({ where }),
    ]);
    return { items, total };
  }

  findById(id: string, tx?: Tx): Promise<RegistryEntry | null> {
    return (tx ?? this.prisma.client).registryEntry.findUnique({ where: { id } });
  }

  findByKindValue(kind: IdentifierKind, value: string): Promise<RegistryEntry | null> {
    return this.prisma.client.registryEntry.findUnique({ where: { kind_value: { kind, value } } });
  }

  create(tx: Tx, entry: NewRegistryEntry & { createdById: string }): Promise<RegistryEntry> {
    return tx.registryEntry.create({ data: { ...entry, valueKey: this.valueKey(entry.kind, entry.value) } });
  }

  update(tx: Tx, id: string, change: Partial<NewRegistryEntry>): Promise<RegistryEntry> {
    // A new value comes with its kind (RegistryService normalises them together).
    const valueKey =
      change.kind !== undefined && change.value !== undefined
        ? { valueKey: this.valueKey(change.kind, change.value) }
        : {};
    return tx.registryEntry.update({ where: { id }, data: { ...change, ...valueKey } });
  }

  async delete(tx: Tx, id: string): Promise<boolean> {
    const { count } = await tx.registryEntry.deleteMany({ where: { id } });
    return count === 1;
  }

  /** Which of these (kind, value) pairs the registry already holds; one query whatever the file size. */
  async existing(pairs: { kind: IdentifierKind; value: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) {
      return new Set();
    }
    const rows = await this.prisma.client.$queryRaw<{ kind: string; value: string }[]>`
      SELECT r.kind::text AS kind, r.value
      FROM unnest(${pairs.map((p) => p.kind)}::text[], ${pairs.map((p) => p.value)}::text[]) AS t(kind, value)
      JOIN registry_entries r ON r.kind = t.kind::"IdentifierKind" AND r.value = t.value`;
    return new Set(rows.map((row) => registryKey(row.kind, row.value)));
  }

  /**
   * Inserts the rows that are not there yet and returns the keys it inserted: a row another admin added in the
   * meantime is skipped (and reported as a duplicate) instead of failing the whole import.
   */
  async insertMany(tx: Tx, entries: NewRegistryEntry[], createdById: string): Promise<Set<string>> {
    if (entries.length === 0) {
      return new Set();
    }
    const rows = await tx.$queryRaw<{ kind: string; value: string }[]>`
      INSERT INTO registry_entries (id, kind, value, display, value_key, source, note, created_by_id)
      SELECT gen_random_uuid(), t.kind::"IdentifierKind", t.value, t.display, t.value_key, t.source, t.note,
             ${createdById}::uuid
      FROM unnest(${entries.map((e) => e.kind)}::text[], ${entries.map((e) => e.value)}::text[],
                  ${entries.map((e) => e.display)}::text[],
                  ${entries.map((e) => this.valueKey(e.kind, e.value))}::text[],
                  ${entries.map((e) => e.source)}::text[],
                  ${entries.map((e) => e.note)}::text[]) AS t(kind, value, display, value_key, source, note)
      ON CONFLICT (kind, value) DO NOTHING
      RETURNING kind::text AS kind, value`;
    return new Set(rows.map((row) => registryKey(row.kind, row.value)));
  }

  /**
   * Entries whose keyed value is missing (written before migration identifier_keys) or not under the current index
   * key, in id order after `after`: the search.reindex job recomputes them (rekey).
   */
  staleKeys(
    after: string | null,
    limit: number,
  ): Promise<{ id: string; kind: IdentifierKind; value: string }[]> {
    return this.prisma.client.$queryRaw`
      SELECT id::text AS id, kind::text AS kind, value FROM registry_entries
       WHERE (value_key IS NULL OR NOT starts_with(value_key, ${`${identifierKeyTag(this.crypto)}:`}))
         AND id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid
       ORDER BY id LIMIT ${limit}`;
  }

  /** Writes the keyed value of an entry, unless its value changed since it was read (then it was keyed then). */
  async rekey(entry: { id: string; kind: IdentifierKind; value: string }): Promise<boolean> {
    const count = await this.prisma.client.$executeRaw`
      UPDATE registry_entries SET value_key = ${this.valueKey(entry.kind, entry.value)}
       WHERE id = ${entry.id}::uuid AND kind = ${entry.kind}::"IdentifierKind" AND value = ${entry.value}`;
    return count === 1;
  }
}

export function registryKey(kind: string, value: string): string {
  return `${kind}\0${value}`;
}
