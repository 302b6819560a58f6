// The baseline the API is measured against: the same work with nothing but node:http and pg.
//
//   POST /api/v1/intakes  zod validation, normalisation, triage, identifier collection, search
//                         document and the access code's keyed hash (HMAC-SHA-256) exactly as the API does,
//                         the same encryption (the intake's texts, triage's quoted phrases, identifiers'
//                         values and displays, under the database's field key) and identifiers' keyed
//                         values, then the same inserts (cases, intakes, triage_results, case_events,
//                         identifiers, case_identifiers) in one transaction.
//   GET  /api/v1/cases    the session check, the queue's statements (imported from packages/db, as the API
//                         runs them), the page's rows and, for a search, the audit row: the API's
//                         statements without NestJS and Prisma.
//
// What the ratio API / baseline then measures is the cost of the framework, its plugins and the
// ORM. Started by scripts/bench.ts: BASELINE_PORT, DATABASE_URL, DATABASE_POOL_SIZE.
import { createHash, createHmac, getRandomValues, randomBytes, randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import {
  ACCESS_CODE_LENGTH,
  buildSearchDocument,
  collectIntakeIdentifiers,
  EXCERPT_SOURCE_LENGTH,
  formatReadable,
  normalizeIntake,
  queueExcerpt,
  READABLE_ALPHABET,
  RECEIPT_LENGTH,
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_RESPONSE_TARGETS,
  rememberingDays,
  responseDue,
  safetyFlagsOf,
  type TReferralWindow,
  type TResponseTargets,
  type TScheduleWindow,
  type TUrgency,
  ZDeskSettings,
  ZIntake,
  ZReferralWindow,
} from '@madoguchi/shared';
import { triage } from '@madoguchi/shared/triage';
import { encodeCursor, readQueuePage, tokenizeSearchDocument } from '@madoguchi/db/case-queue-sql';
import {
  openIntakeText,
  sealIntakeTexts,
  sealTriageResult,
} from '../../apps/api/src/common/crypto/case-texts';
import { openOptionalText } from '../../apps/api/src/common/crypto/free-texts';
import { identifierValueKey, sealIdentifier } from '../../apps/api/src/common/crypto/identifier-keys';
import { queueFilterOf, summariesStatement, useSearchTokenizer } from './queue-request';
import { benchFieldCrypto, openBenchKeys } from './index-key';
import { benchSearchTokenizer } from './search-key';
import { uuidV7 } from './random';

// The API's AccessCodeHasher: `hmac-sha256$<kid>$<base64url>` under a key that lives outside the database.
const ACCESS_CODE_KEY = { kid: 'baseline', key: randomBytes(32) };
const accessCodeHash = (code: string) =>
  `hmac-sha256$${ACCESS_CODE_KEY.kid}$${createHmac('sha256', ACCESS_CODE_KEY.key).update(code, 'utf8').digest('base64url')}`;
const STAFF_ROLES = new Set(['counselor', 'supervisor', 'admin']);
const port = Number(process.env.BASELINE_PORT ?? 4100);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

let windows: { at: number; list: TReferralWindow[] } | undefined;

// As the API: the search tokens under the database's index key, and values encrypted under its field key (both
// opened with the benchmark's KEK file), so the API reads what the baseline wrote.
const keys = openBenchKeys(process.env.DATABASE_URL ?? '');
const tokenizer = keys.then(({ indexRootKey }) => {
  const opened = benchSearchTokenizer(indexRootKey);
  useSearchTokenizer(opened);
  return opened;
});
const fieldCrypto = keys.then(benchFieldCrypto);

/** The directory of windows, cached for 30 s like WindowsService.directory(). */
async function directory(): Promise<TReferralWindow[]> {
  if (windows && Date.now() - windows.at < 30_000) {
    return windows.list;
  }
  const { rows } = await pool.query(`SELECT * FROM referral_windows`);
  const list = rows.map((row) =>
    ZReferralWindow.parse({
      slug: row.slug,
      name: { ja: row.name_ja, en: row.name_en },
      operator: row.operator,
      phones: row.phones,
      url: row.url,
      channels: row.channels,
      hours: row.hours,
      closures: row.closures,
      eligibility: row.eligibility,
      categories: row.categories,
      notes: row.notes,
      verified: row.verified,
      lastVerifiedAt: (row.last_verified_at as Date).toISOString().slice(0, 10),
      active: row.active,
    }),
  );
  windows = { at: Date.now(), list };
  return list;
}

let desk:
  { at: number; settingsAt: Date | null; calendar: TScheduleWindow; targets: TResponseTargets } | undefined;

/** As DeskService.intakeDue: the due time under the desk settings, cached for 30 s, with their updated_at. */
async function responseDueOf(
  priority: TUrgency,
  receivedAt: Date,
): Promise<{ dueAt: Date | null; settingsAt: Date | null }> {
  if (!desk || Date.now() - desk.at >= 30_000) {
    const { rows } = await pool.query(`SELECT schedule, targets, updated_at FROM desk_settings`);
    const settings = rows[0]
      ? ZDeskSettings.parse({ schedule: rows[0].schedule, targets: rows[0].targets })
      : { schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS };
    desk = {
      at: Date.now(),
      settingsAt: (rows[0]?.updated_at as Date | undefined) ?? null,
      calendar: rememberingDays(settings.schedule),
      targets: settings.targets,
    };
  }
  return {
    dueAt: responseDue(desk.calendar, desk.targets[priority], receivedAt).dueAt,
    settingsAt: desk.settingsAt,
  };
}

function readable(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
  }
  return out;
}

async function createIntake(body: unknown): Promise<{ status: number; body: unknown }> {
  const parsed = ZIntake.safeParse(body);
  if (!parsed.success) {
    return { status: 400, body: { code: 'validation_failed' } };
  }
  const input = parsed.data;
  const intake = normalizeIntake(input);
  const receivedAt = new Date();
  const result = triage(intake, await directory(), receivedAt);
  const due = await responseDueOf(result.urgency, receivedAt);
  const identifiers = collectIntakeIdentifiers(intake);
  const receiptNumber = formatReadable(readable(RECEIPT_LENGTH), 4);
  const accessCode = formatReadable(readable(ACCESS_CODE_LENGTH), 5);
  const codeHash = accessCodeHash(accessCode);
  const search = tokenizeSearchDocument(
    await tokenizer,
    buildSearchDocument({
      receiptNumber,
      description: intake.description,
      identifiers,
      contact: intake.contact,
    }),
  );
  const caseId = randomUUID();
  const crypto = await fieldCrypto;
  const sealed = sealIntakeTexts(crypto, caseId, {
    description: intake.description,
    contact: intake.contact ?? null,
    identifiers: intake.identifiers ?? {},
    raw: input,
  });
  const triageId = randomUUID();
  const sealedTriage = sealTriageResult(crypto, triageId, result);
  // Same de-duplication (the intake's own listing wins), keyed values, sealing and lock order as the API's
  // linkIntakeIdentifiers.
  const unique = new Map<string, (typeof identifiers)[number]>();
  for (const identifier of identifiers) {
    const key = `${identifier.kind}\0${identifier.value}`;
    if (!unique.has(key) || identifier.source === 'intake') {
      unique.set(key, identifier);
    }
  }
  const sorted = [...unique.values()]
    .map((identifier) => {
      const id = randomUUID();
      return {
        ...identifier,
        id,
        valueKey: identifierValueKey(crypto, identifier.kind, identifier.value),
        sealed: sealIdentifier(crypto, id, identifier),
      };
    })
    .sort((a, b) => (a.kind === b.kind ? (a.valueKey < b.valueKey ? -1 : 1) : a.kind < b.kind ? -1 : 1));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      // As CasesRepository.insertIntakeCase: the response due time stored with the case while the settings it
      // was computed under are the database's.
      `INSERT INTO cases (id, receipt_number, search_grams, search_exact, search_sig, search_key, access_code_hash,
         urgency, priority, channel, picked_category, suggested_categories, confirmed_categories, person_age,
         prefecture, consent_to_share, tags, safety_flags, updated_at, created_at, response_due_at,
         response_target_at, response_target_of)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, '{}', $12, $13, $14, '{}', $15, now(), $16,
         CASE WHEN s.current THEN $17::timestamptz END, CASE WHEN s.current THEN $17::timestamptz END,
         CASE WHEN s.current THEN s.stamp END
       FROM (SELECT max(updated_at) IS NOT DISTINCT FROM $18::timestamptz AS current,
                    coalesce(max(updated_at), 'epoch'::timestamptz) AS stamp FROM desk_settings) s`,
      [
        caseId,
        receiptNumber,
        search.grams,
        search.exact,
        search.sig,
        search.key,
        codeHash,
        result.urgency,
        intake.channel,
        intake.category ?? null,
        result.categories.map((c) => c.code),
        intake.person?.age ?? null,
        intake.person?.prefecture ?? null,
        intake.consentToShare ?? false,
        safetyFlagsOf(result),
        receivedAt,
        due.dueAt,
        due.settingsAt,
      ],
    );
    await client.query(
      `INSERT INTO intakes (case_id, description, answers, person, identifiers, contact, raw)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        caseId,
        sealed.description,
        intake.answers ?? {},
        intake.person ?? {},
        sealed.identifiers,
        sealed.contact,
        sealed.raw,
      ],
    );
    await client.query(
      `INSERT INTO triage_results (id, case_id, rule_set_version, urgency, result, phrases)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        triageId,
        caseId,
        result.ruleSetVersion,
        result.urgency,
        JSON.stringify(sealedTriage.result),
        sealedTriage.phrases,
      ],
    );
    await client.query(`INSERT INTO case_events (id, case_id, kind, data) VALUES ($1, $2, 'triage', $3)`, [
      // Time-ordered, as the API makes it (apps/api common/ids.ts).
      uuidV7(Date.now(), [...getRandomValues(new Uint32Array(4))] as [number, number, number, number]),
      caseId,
      {
        ruleSetVersion: result.ruleSetVersion,
        urgency: result.urgency,
        categories: result.categories.map((c) => c.code),
        recommendations: result.recommendations.map((r) => r.windowSlug),
      },
    ]);
    if (sorted.length > 0) {
      // `DO UPDATE SET kind = identifiers.kind` changes nothing: it makes the existing row's id part of RETURNING.
      await client.query(
        `WITH input AS (
           SELECT t.id, t.kind::"IdentifierKind" AS kind, t.value_key, t.value, t.display, t.source, t.ord
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                WITH ORDINALITY AS t(id, kind, value_key, value, display, source, ord)
         ), upserted AS (
           INSERT INTO identifiers (id, kind, value_key, value, display)
           SELECT id, kind, value_key, value, display FROM input ORDER BY ord
           ON CONFLICT (kind, value_key) DO UPDATE SET kind = identifiers.kind
           RETURNING id, kind, value_key
         )
         INSERT INTO case_identifiers (case_id, identifier_id, source)
         SELECT $1, u.id, i.source FROM upserted u JOIN input i ON i.kind = u.kind AND i.value_key = u.value_key
         ON CONFLICT DO NOTHING`,
        [
          caseId,
          sorted.map((i) => i.id),
          sorted.map((i) => i.kind),
          sorted.map((i) => i.valueKey),
          sorted.map((i) => i.sealed.value),
          sorted.map((i) => i.sealed.display),
          sorted.map((i) => i.source),
        ],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return { status: 201, body: { receiptNumber, accessCode, triage: result } };
}

type Staff = { id: string; role: string };

/** What SessionsService.resolveAccessToken checks, in one query. */
async function authenticate(header: string | undefined): Promise<Staff | null> {
  const token = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '')?.[1];
  if (!token) {
    return null;
  }
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const { rows } = await pool.query(
    `SELECT s.id, s.revoked_at, s.access_expires_at, s.last_seen_at, s.mfa_pending, u.id AS user_id,
            u.role::text AS role, u.active
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.access_token_hash = $1`,
    [tokenHash],
  );
  const session = rows[0];
  if (!session || session.revoked_at || session.access_expires_at <= new Date() || !session.active) {
    return null;
  }
  if (Date.now() - (session.last_seen_at as Date).getTime() > 60_000) {
    await pool.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [session.id]);
  }
  return session.mfa_pending ? null : { id: session.user_id, role: session.role };
}

type ListParams = { limit?: unknown; q?: unknown; cursor?: unknown };

/** GET /cases (query) and POST /cases/search (JSON body): the same queue, the search term only in a body. */
async function listCases(params: ListParams, staff: Staff): Promise<{ status: number; body: unknown }> {
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 25)));
  const q = (typeof params.q === 'string' ? params.q.trim() : '') || undefined;
  const cursor = typeof params.cursor === 'string' ? params.cursor : undefined;
  const now = new Date();
  const filter = queueFilterOf({ q, cursor, limit }, now);
  if (!filter) {
    return { status: 400, body: { code: 'validation_failed' } };
  }
  const { rows, resumeAfter } = await readQueuePage(
    filter,
    async (statement) => (await pool.query(statement.text, [...statement.values])).rows,
  );
  const page = rows.slice(0, limit);
  const summaries = summariesStatement(page.map((r) => r.id));
  const found = await pool.query(summaries.text, summaries.values);
  const byId = new Map(found.rows.map((row) => [row.id as string, row]));
  // The summary and the description are encrypted: opened as CasesRepository opens them (openCaseTexts,
  // findExcerptHeads), the description's first characters then made into the excerpt.
  const crypto = await fieldCrypto;
  const opened = new Map(
    await Promise.all(
      [...byId.values()].map(async (row) => {
        const description =
          row.excerpt_head === null ? null : await openIntakeText(crypto, row.id, row.excerpt_head);
        return [
          row.id,
          {
            summary: await openOptionalText(crypto, 'caseSummary', row.id, row.summary),
            excerpt:
              description === null
                ? null
                : queueExcerpt([...description].slice(0, EXCERPT_SOURCE_LENGTH + 1).join('')),
          },
        ] as const;
      }),
    ),
  );
  const items = page.flatMap(({ id }) => {
    const row = byId.get(id);
    return row
      ? [
          {
            id: row.id,
            receiptNumber: row.receipt_number,
            status: row.status,
            urgency: row.urgency,
            priority: row.priority,
            channel: row.channel,
            pickedCategory: row.picked_category,
            suggestedCategories: row.suggested_categories,
            confirmedCategories: row.confirmed_categories,
            safetyFlags: row.safety_flags,
            assignee: row.assignee_user_id
              ? { id: row.assignee_user_id, displayName: row.assignee_display_name }
              : null,
            tags: row.tags,
            followUpAt: row.follow_up_at?.toISOString() ?? null,
            followUpOverdue: row.follow_up_at !== null && row.follow_up_at < now && row.status !== 'closed',
            summary: opened.get(row.id)?.summary ?? null,
            version: row.version,
            createdAt: row.created_at.toISOString(),
            updatedAt: row.updated_at.toISOString(),
            closedAt: row.closed_at?.toISOString() ?? null,
            excerpt: opened.get(row.id)?.excerpt ?? null,
          },
        ]
      : [];
  });
  if (filter.search) {
    await pool.query(
      `INSERT INTO audit_log (actor_id, actor_role, action, entity, meta) VALUES ($1, $2, 'case.search', 'case', $3)`,
      [
        staff.id,
        staff.role,
        { terms: filter.search.terms.length, results: items.length, caseIds: items.map((i) => i.id) },
      ],
    );
  }
  const last = page.at(-1);
  return {
    status: 200,
    body: {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ priority: last.priority, createdAt: last.created_at, id: last.id })
          : resumeAfter
            ? encodeCursor(resumeAfter)
            : null,
    },
  };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function route(request: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'POST' && url.pathname === '/api/v1/intakes') {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return { status: 400, body: { code: 'invalid_json' } };
    }
    return createIntake(body);
  }
  const isList = request.method === 'GET' && url.pathname === '/api/v1/cases';
  const isSearch = request.method === 'POST' && url.pathname === '/api/v1/cases/search';
  if (isList || isSearch) {
    const staff = await authenticate(request.headers.authorization);
    if (!staff || !STAFF_ROLES.has(staff.role)) {
      return { status: 401, body: { code: 'unauthenticated' } };
    }
    if (isList) {
      // As the API: a search term never travels in a URL.
      if (url.searchParams.has('q')) {
        return { status: 400, body: { code: 'validation_failed' } };
      }
      return listCases(Object.fromEntries(url.searchParams), staff);
    }
    let body: ListParams;
    try {
      body = JSON.parse(await readBody(request)) as ListParams;
    } catch {
      return { status: 400, body: { code: 'invalid_json' } };
    }
    return listCases(body ?? {}, staff);
  }
  if (request.method === 'GET' && url.pathname === '/health') {
    await pool.query('SELECT 1');
    return { status: 200, body: { status: 'ok' } };
  }
  return { status: 404, body: { code: 'not_found' } };
}

const server = http.createServer((request, response) => {
  route(request)
    .then(({ status, body }) => {
      const payload = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
      });
      response.end(payload);
    })
    .catch((error: unknown) => {
      console.error(error);
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"code":"internal"}');
    });
});
server.keepAliveTimeout = 65_000;
void tokenizer.then(() =>
  server.listen(port, '127.0.0.1', () => console.log(`baseline listening on 127.0.0.1:${port}`)),
);
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
