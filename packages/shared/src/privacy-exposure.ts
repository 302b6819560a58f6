import type { TLocalized } from './category';
import type { TFieldError } from './field-errors';
import {
  MAX_EXPOSURE_RANGE_DAYS,
  type TExposureActor,
  type TExposureActorReport,
} from './privacy-api.schema';

/**
 * What personal data was readable by whom, from the audit log: the first thing a report to the Personal Information
 * Protection Commission needs after a leak. Pure: the API (PrivacyService) and `npm run privacy:exposure` read the
 * rows and names, this decides what each row exposed and groups it.
 */

/** The audit actions that put a case's personal data in front of someone (writes show nothing new to the writer). */
export const EXPOSURE_ACTIONS = [
  'case.read',
  'case.search',
  'case.export',
  'evidence.download',
  // The evidence work's previews (derived copies), counted as the file once that action exists.
  'evidence.preview',
  'referral.letter_generated',
  'referral.client_copy_generated',
  'referral.partner_link_viewed',
  'referral.partner_evidence_downloaded',
  'referral.register_export',
] as const;

/** Kinds of data exposed, as the report names them. */
export const EXPOSURE_KIND_LABELS = {
  case_detail: {
    ja: '相談の詳細(相談内容・連絡先・識別子)',
    en: 'Case detail (description, contact, identifiers)',
  },
  case_timeline: { ja: '経過(メモ・通話・メッセージ)', en: 'Timeline (notes, calls, messages)' },
  case_referrals: { ja: '紹介と同意', en: 'Referrals and consent' },
  case_evidence_list: { ja: '証拠ファイルの一覧', en: 'Evidence file list' },
  case_template: { ja: '定型文(受付番号・窓口)', en: 'Message template (receipt number, window)' },
  case_other: { ja: '相談の閲覧', en: 'Case view' },
  search_result: { ja: '検索結果の抜粋', en: 'Search result excerpt' },
  case_pdf: { ja: '相談の書き出し(PDF、全項目)', en: 'Case export (PDF, everything)' },
  evidence_file: { ja: '証拠ファイル(原本)', en: 'Evidence file (original)' },
  referral_letter: { ja: '紹介状(同意した項目)', en: 'Referral letter (consented fields)' },
  client_copy: { ja: '本人用控え', en: "Person's copy" },
  partner_letter: { ja: '窓口用リンクの紹介内容', en: "Referral content on the window's link" },
  partner_evidence: { ja: '窓口用リンクからの証拠ファイル', en: "Evidence file through the window's link" },
  referral_register: {
    ja: '紹介台帳(CSV、期間内の全紹介)',
    en: 'Referral register (CSV, every referral in a period)',
  },
} as const satisfies Record<string, TLocalized>;
export type TExposureKind = keyof typeof EXPOSURE_KIND_LABELS;

export type TExposureAuditRow = {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  caseId: string | null;
  meta: unknown;
};

/** The names a report needs, read by the caller for the ids `exposureLookups` lists. */
export type TExposureNames = {
  staff: ReadonlyMap<string, string>;
  receipts: ReadonlyMap<string, string>;
  /** referral id → the window it went to. */
  referralWindows: ReadonlyMap<string, { slug: string; name: string }>;
};

function metaOf(row: TExposureAuditRow): Record<string, unknown> {
  return row.meta !== null && typeof row.meta === 'object' ? (row.meta as Record<string, unknown>) : {};
}

/** The cases a row exposed, and as what (null case: an export over many cases). */
export function exposedBy(row: TExposureAuditRow): { kind: TExposureKind; caseIds: (string | null)[] }[] {
  const meta = metaOf(row);
  switch (row.action) {
    case 'case.read': {
      const view = typeof meta.view === 'string' ? meta.view : '';
      const kind: TExposureKind =
        view === 'detail'
          ? 'case_detail'
          : view === 'timeline'
            ? 'case_timeline'
            : view === 'referrals' || view === 'referral'
              ? 'case_referrals'
              : view === 'evidence'
                ? 'case_evidence_list'
                : view === 'template'
                  ? 'case_template'
                  : 'case_other';
      return row.caseId ? [{ kind, caseIds: [row.caseId] }] : [];
    }
    case 'case.search': {
      const ids = Array.isArray(meta.caseIds) ? meta.caseIds.filter((id) => typeof id === 'string') : [];
      return ids.length > 0 ? [{ kind: 'search_result', caseIds: ids }] : [];
    }
    case 'case.export':
      return row.caseId ? [{ kind: 'case_pdf', caseIds: [row.caseId] }] : [];
    case 'evidence.download':
    case 'evidence.preview':
      return row.caseId ? [{ kind: 'evidence_file', caseIds: [row.caseId] }] : [];
    case 'referral.letter_generated':
      return row.caseId ? [{ kind: 'referral_letter', caseIds: [row.caseId] }] : [];
    case 'referral.client_copy_generated':
      return row.caseId ? [{ kind: 'client_copy', caseIds: [row.caseId] }] : [];
    case 'referral.partner_link_viewed': {
      // A link that was no longer active showed nothing of the case.
      const fields = Array.isArray(meta.fields) ? meta.fields : [];
      return row.caseId && fields.length > 0 ? [{ kind: 'partner_letter', caseIds: [row.caseId] }] : [];
    }
    case 'referral.partner_evidence_downloaded':
      return row.caseId ? [{ kind: 'partner_evidence', caseIds: [row.caseId] }] : [];
    case 'referral.register_export':
      return [{ kind: 'referral_register', caseIds: [null] }];
    default:
      return [];
  }
}

/** The ids whose names a report needs. */
export function exposureLookups(rows: readonly TExposureAuditRow[]): {
  staffIds: string[];
  caseIds: string[];
  referralIds: string[];
} {
  const staff = new Set<string>();
  const cases = new Set<string>();
  const referrals = new Set<string>();
  for (const row of rows) {
    if (row.actorId) {
      staff.add(row.actorId);
    }
    for (const { caseIds } of exposedBy(row)) {
      caseIds.forEach((id) => id && cases.add(id));
    }
    if (row.action.startsWith('referral.partner_') && row.entityId) {
      referrals.add(row.entityId);
    }
  }
  return { staffIds: [...staff], caseIds: [...cases], referralIds: [...referrals] };
}

function actorOf(row: TExposureAuditRow, names: TExposureNames): TExposureActor {
  if (row.actorId) {
    return {
      type: 'staff',
      id: row.actorId,
      name: names.staff.get(row.actorId) ?? '',
      role: row.actorRole,
    };
  }
  // A partner link is used without an account: the window is the one the referral went to.
  const window = row.entityId ? names.referralWindows.get(row.entityId) : undefined;
  if (row.action.startsWith('referral.partner_') && window) {
    return { type: 'partner', windowSlug: window.slug, name: window.name };
  }
  return { type: 'unknown' };
}

function actorKey(actor: TExposureActor): string {
  switch (actor.type) {
    case 'staff':
      return `staff:${actor.id}`;
    case 'partner':
      return `partner:${actor.windowSlug}`;
    case 'unknown':
      return 'unknown';
    default:
      return actor satisfies never;
  }
}

type TSpan = { count: number; first: Date; last: Date };

function widen(span: TSpan | undefined, at: Date): TSpan {
  if (!span) {
    return { count: 1, first: at, last: at };
  }
  return {
    count: span.count + 1,
    first: at < span.first ? at : span.first,
    last: at > span.last ? at : span.last,
  };
}

/**
 * Groups the rows per actor, then per case and kind, with counts and first/last times. `caseIds`, when given,
 * keeps only those cases (an export over many cases counts for every case: it held them all).
 */
export function buildExposure(input: {
  rows: readonly TExposureAuditRow[];
  names: TExposureNames;
  caseIds?: ReadonlySet<string>;
}): TExposureActorReport[] {
  const { rows, names, caseIds } = input;
  type TEntry = { actor: TExposureActor; span?: TSpan; cases: Map<string | null, Map<TExposureKind, TSpan>> };
  const actors = new Map<string, TEntry>();
  for (const row of rows) {
    for (const { kind, caseIds: exposed } of exposedBy(row)) {
      const kept = caseIds ? exposed.filter((id) => id === null || caseIds.has(id)) : exposed;
      if (kept.length === 0) {
        continue;
      }
      const actor = actorOf(row, names);
      const key = actorKey(actor);
      const entry: TEntry = actors.get(key) ?? { actor, cases: new Map() };
      actors.set(key, entry);
      entry.span = widen(entry.span, row.at);
      for (const caseId of kept) {
        const receipt = caseId === null ? null : (names.receipts.get(caseId) ?? caseId);
        const kinds = entry.cases.get(receipt) ?? new Map<TExposureKind, TSpan>();
        entry.cases.set(receipt, kinds);
        kinds.set(kind, widen(kinds.get(kind), row.at));
      }
    }
  }
  return [...actors.values()]
    .filter((entry): entry is typeof entry & { span: TSpan } => entry.span !== undefined)
    .map((entry) => ({
      actor: entry.actor,
      cases: [...entry.cases.entries()]
        .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
        .map(([receiptNumber, kinds]) => ({
          receiptNumber,
          kinds: [...kinds.entries()].map(([kind, span]) => ({
            kind,
            count: span.count,
            first: span.first.toISOString(),
            last: span.last.toISOString(),
          })),
        })),
      count: entry.span.count,
      first: entry.span.first.toISOString(),
      last: entry.span.last.toISOString(),
    }))
    .sort((a, b) => b.count - a.count || a.first.localeCompare(b.first));
}

/** Plain-text table of a report, one line per actor × case × kind (for the terminal). */
export function exposureTable(actors: readonly TExposureActorReport[]): string[][] {
  const header = ['actor', 'role', 'case', 'kind', 'count', 'first', 'last'];
  const lines = actors.flatMap((entry) =>
    entry.cases.flatMap((item) =>
      item.kinds.map((kind) => [
        actorLabel(entry.actor),
        entry.actor.type === 'staff' ? (entry.actor.role ?? '') : entry.actor.type,
        item.receiptNumber ?? '(many cases)',
        kind.kind,
        String(kind.count),
        kind.first,
        kind.last,
      ]),
    ),
  );
  return [header, ...lines];
}

export function actorLabel(actor: TExposureActor): string {
  switch (actor.type) {
    case 'staff':
      return `${actor.name} (${actor.id})`;
    case 'partner':
      return `窓口 / window: ${actor.name} (${actor.windowSlug})`;
    case 'unknown':
      return '(unknown)';
    default:
      return actor satisfies never;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What is wrong with a report's period (the end not after the start, or too long): errors on `to`, or none. */
export function exposurePeriodErrors(query: { from: string; to: string }): TFieldError[] {
  const span = Date.parse(query.to) - Date.parse(query.from);
  if (span <= 0) {
    return [
      {
        path: 'to',
        code: 'range_order',
        message: {
          ja: '終わりの日時は始まりの日時より後にしてください',
          en: 'The end must be after the start',
        },
      },
    ];
  }
  if (span > MAX_EXPOSURE_RANGE_DAYS * DAY_MS) {
    return [
      {
        path: 'to',
        code: 'range_too_long',
        message: {
          ja: `期間は${MAX_EXPOSURE_RANGE_DAYS}日以内にしてください`,
          en: `The period may span at most ${MAX_EXPOSURE_RANGE_DAYS} days`,
        },
      },
    ];
  }
  return [];
}
