import { Injectable } from '@nestjs/common';
import type { RegistryEntry } from '@madoguchi/db';
import {
  checkRegistryRow,
  IDENTIFIER_KINDS,
  nfkc,
  normalizeIdentifier,
  normalizeRegistryValue,
  type TCreateRegistryEntry,
  type TIdentifierKind,
  type TRegistryEntry,
  type TRegistryImportQuery,
  type TRegistryImportReport,
  type TRegistryPage,
  type TRegistryQuery,
  type TUpdateRegistryEntry,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { charsetOf, decodeCsv, parseRegistryCsv } from './registry-csv';
import { RegistryRepository, registryKey, type NewRegistryEntry } from './registry.repository';

const DEFAULT_PAGE_SIZE = 50;

const GARBLED = {
  ja: '文字化けしています。ファイルの文字コード(UTF-8 か Shift_JIS)を確認してください',
  en: 'The text is garbled. Check that the file is UTF-8 or Shift_JIS',
};

@Injectable()
export class RegistryService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: TRegistryQuery): Promise<TRegistryPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const text = query.q ? nfkc(query.q).trim() : undefined;
    const kinds: readonly TIdentifierKind[] = query.kind ? [query.kind] : IDENTIFIER_KINDS;
    const exact = text
      ? kinds.flatMap((kind) => {
          const normalized = normalizeIdentifier(kind, text);
          return normalized ? [{ kind, value: normalized.value }] : [];
        })
      : [];
    const { items, total } = await this.repository.list({
      kind: query.kind,
      text,
      exact,
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: items.map(toEntry), total, page, pageSize };
  }

  async create(input: TCreateRegistryEntry, user: AuthUser): Promise<TRegistryEntry> {
    const entry = normalized(input.kind, input.value);
    return this.writeUnique(entry, async () =>
      this.repository.transaction(async (tx) => {
        const created = await this.repository.create(tx, {
          ...entry,
          // Folded like CSV cells and intake text, so half-width kana from old lists match in search.
          source: nfkc(input.source),
          note: input.note ? nfkc(input.note) : null,
          createdById: user.id,
        });
        await this.audit.record(
          {
            action: 'registry.create',
            entity: 'registry_entry',
            entityId: created.id,
            meta: { kind: created.kind },
          },
          tx,
        );
        return toEntry(created);
      }),
    );
  }

  async update(id: string, input: TUpdateRegistryEntry): Promise<TRegistryEntry> {
    const current = await this.repository.findById(id);
    if (!current) {
      throw entryNotFound(id);
    }
    const change: Partial<NewRegistryEntry> = {};
    if (input.kind !== undefined || input.value !== undefined) {
      // A new kind re-reads the current value as that kind (a "name" that is really a phone number, say).
      Object.assign(change, normalized(input.kind ?? current.kind, input.value ?? current.display));
    }
    if (input.source !== undefined) {
      change.source = nfkc(input.source);
    }
    if (input.note !== undefined) {
      change.note = input.note === null ? null : nfkc(input.note);
    }
    return this.writeUnique({ kind: change.kind ?? current.kind, value: change.value ?? current.value }, () =>
      this.repository.transaction(async (tx) => {
        // No version column on registry entries: the last admin to save wins, and the audit log shows who did.
        const updated = await this.repository.update(tx, id, change);
        await this.audit.record(
          {
            action: 'registry.update',
            entity: 'registry_entry',
            entityId: id,
            meta: { kind: updated.kind, fields: Object.keys(input) },
          },
          tx,
        );
        return toEntry(updated);
      }),
    );
  }

  async remove(id: string): Promise<void> {
    await this.repository.transaction(async (tx) => {
      const current = await this.repository.findById(id, tx);
      if (!current || !(await this.repository.delete(tx, id))) {
        throw entryNotFound(id);
      }
      await this.audit.record(
        { action: 'registry.delete', entity: 'registry_entry', entityId: id, meta: { kind: current.kind } },
        tx,
      );
    });
  }

  /**
   * Reads a CSV of known scam identifiers. Every row ends up in exactly one list: accepted (added, or would be in a
   * dry run), rejected (with the reason), or duplicates (already in the registry, or repeated in the file). A real
   * run inserts all accepted rows in one transaction, so a failure leaves the registry as it was.
   */
  async import(
    file: unknown,
    query: TRegistryImportQuery,
    contentType: string | undefined,
    user: AuthUser,
  ): Promise<TRegistryImportReport> {
    if (!Buffer.isBuffer(file)) {
      throw new AppError('unsupported_media_type', {
        message: 'Registry import takes the CSV file itself as text/csv',
        userMessage: {
          ja: 'CSVファイルをそのまま(Content-Type: text/csv)送ってください。',
          en: 'Send the CSV file itself with Content-Type: text/csv.',
        },
      });
    }
    if (file.length === 0) {
      throw new AppError('bad_request', {
        message: 'Empty CSV',
        userMessage: { ja: 'ファイルが空です。', en: 'The file is empty.' },
        details: { reason: 'csv_empty' },
      });
    }
    const dryRun = query.dryRun ?? true;
    const { text, encoding } = decodeCsv(file, query.encoding ?? charsetOf(contentType) ?? 'auto');
    const rows = parseRegistryCsv(text);

    const report: TRegistryImportReport = {
      dryRun,
      encoding,
      total: rows.length,
      accepted: [],
      rejected: [],
      duplicates: [],
    };
    const candidates: (NewRegistryEntry & { line: number })[] = [];
    const firstLine = new Map<string, number>();
    for (const { line, raw, row } of rows) {
      if (raw.includes('\uFFFD')) {
        report.rejected.push({ line, reason: GARBLED, raw });
        continue;
      }
      const checked = checkRegistryRow(row, query.source);
      if (!checked.ok) {
        report.rejected.push({ line, reason: checked.message, raw });
        continue;
      }
      const { kind, value } = checked.entry;
      const key = registryKey(kind, value);
      const seen = firstLine.get(key);
      if (seen !== undefined) {
        report.duplicates.push({ line, kind, value, firstLine: seen });
        continue;
      }
      firstLine.set(key, line);
      candidates.push({ ...checked.entry, line });
    }

    const existing = await this.repository.existing(candidates);
    const fresh = candidates.filter((c) => !existing.has(registryKey(c.kind, c.value)));
    for (const c of candidates) {
      if (existing.has(registryKey(c.kind, c.value))) {
        report.duplicates.push({ line: c.line, kind: c.kind, value: c.value, firstLine: null });
      }
    }

    let inserted = new Set(fresh.map((c) => registryKey(c.kind, c.value)));
    if (!dryRun) {
      inserted = await this.repository.transaction(async (tx) => {
        const keys = await this.repository.insertMany(tx, fresh, user.id);
        await this.audit.record(
          {
            action: 'registry.import',
            entity: 'registry_entry',
            meta: {
              encoding,
              total: rows.length,
              inserted: keys.size,
              rejected: report.rejected.length,
              duplicates: report.duplicates.length + (fresh.length - keys.size),
            },
          },
          tx,
        );
        return keys;
      });
    }
    for (const c of fresh) {
      if (inserted.has(registryKey(c.kind, c.value))) {
        report.accepted.push({ line: c.line, kind: c.kind, value: c.value });
      } else {
        // Added by someone else between the check and the insert.
        report.duplicates.push({ line: c.line, kind: c.kind, value: c.value, firstLine: null });
      }
    }
    report.duplicates.sort((a, b) => a.line - b.line);
    return report;
  }

  /**
   * Computes the keyed value of every entry without one under the current index key (written before migration
   * identifier_keys, or before the index key was replaced), so the cases' identifiers match them again. Part of
   * the search.reindex job; resumable (a stopped run leaves the rest to the next). Returns how many.
   */
  async rekeyEntries(options: { batchSize?: number } = {}): Promise<number> {
    let after: string | null = null;
    let rekeyed = 0;
    for (;;) {
      const rows = await this.repository.staleKeys(after, options.batchSize ?? 500);
      if (rows.length === 0) {
        return rekeyed;
      }
      for (const row of rows) {
        rekeyed += (await this.repository.rekey(row)) ? 1 : 0;
      }
      after = rows.at(-1)!.id;
    }
  }

  /** Runs a write and turns the unique (kind, value) violation into a 409 that names the existing entry. */
  private async writeUnique<T>(
    key: { kind: TIdentifierKind; value: string },
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2002') {
        throw error;
      }
      const existing = await this.repository.findByKindValue(key.kind, key.value);
      throw new AppError('conflict', {
        message: `Registry already has ${key.kind} ${key.value}`,
        userMessage: {
          ja: 'この種別と値はすでに登録されています。',
          en: 'This kind and value are already in the registry.',
        },
        details: { reason: 'duplicate', existingId: existing?.id ?? null },
      });
    }
  }
}

function normalized(
  kind: TIdentifierKind,
  raw: string,
): Pick<NewRegistryEntry, 'kind' | 'value' | 'display'> {
  const checked = normalizeRegistryValue(kind, raw);
  if (!checked.ok) {
    throw new AppError('validation_failed', {
      message: `Registry value rejected: ${checked.reason}`,
      details: { fields: [{ path: 'value', code: checked.reason, message: checked.message }] },
    });
  }
  return { kind, value: checked.identifier.value, display: checked.identifier.display };
}

function entryNotFound(id: string): AppError {
  return new AppError('not_found', {
    message: `No registry entry ${id}`,
    userMessage: { ja: 'この登録は見つかりませんでした。', en: 'This registry entry was not found.' },
  });
}

function toEntry(row: RegistryEntry): TRegistryEntry {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    display: row.display,
    source: row.source,
    note: row.note,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
