// Field encryption of the person's words triage quotes as evidence (issue 17 item 1): an intake whose text triage
// quotes (a danger phrase, an amount paid, a child's school year), written through the API: no column of its
// triage_results row holds any of the quoted words in clear (read straight with SQL), while the coded result stays
// in clear for statistics and the queue, and the case page, the timeline and the case export still show the phrases.
// Rows from before the upgrade are moved by the migration, readable, and encrypted by keys.reencrypt; shredding
// empties the column.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TIntakeInput, TIntakeStatusRequest, TTimelineItem, TTriageResult } from '@madoguchi/shared';
import { splitTriageResult } from '../src/common/crypto/case-texts';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { reencryptJob } from '../src/modules/keys/keys.jobs';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const DESCRIPTION =
  '元交際相手に「殺す」と脅されていて、今も家の前にいて怖いです。サイトの退会料として5万円を振り込みました。' +
  '小4の娘のスマホにも連絡が来ています。';

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** The person's words a result quotes: signal and disagreement phrases, 「…」 reasons, life-stage cues. */
function quotesOf(result: TTriageResult): string[] {
  return [
    ...result.signals.map((s) => s.phrase ?? ''),
    ...result.disagreements.map((d) => d.phrase),
    ...result.categories.flatMap((c) => c.because.filter((b) => b.startsWith('「'))),
    ...(result.lifeStage?.cues ?? []),
  ].filter((quote) => quote !== '');
}

/** A quote's own words (a reason's 「」 taken off), as they could appear anywhere in a stored row. */
const wordsOf = (quote: string) => quote.replace(/^「|」$/g, '');

/** Every column of the case's triage_results rows, as PostgreSQL renders them (jsonb keeps non-ASCII). */
async function storedTriage(caseId: string): Promise<string> {
  const rows = await db.$queryRaw<{ row: string }[]>`
    SELECT row_to_json(r)::text AS row FROM triage_results r WHERE r.case_id = ${caseId}::uuid`;
  return rows.map((r) => r.row).join('\n');
}

async function submit(description: string, extra: Partial<TIntakeInput> = {}): Promise<string> {
  const submitted = await t.http
    .post('/api/v1/intakes')
    .send({ channel: 'web', description, ...extra } satisfies TIntakeInput)
    .expect(201);
  const { id } = await db.case.findUniqueOrThrow({
    where: { receiptNumber: (submitted.body as TIntakeStatusRequest).receiptNumber },
    select: { id: true },
  });
  return id;
}

async function casePageTriage(caseId: string): Promise<TTriageResult> {
  const detail = await t.http.get(`/api/v1/cases/${caseId}`).set(counselor.headers).expect(200);
  return detail.body.triage.result as TTriageResult;
}

async function timelineTriages(caseId: string): Promise<Record<string, TTriageResult>> {
  const res = await t.http.get(`/api/v1/cases/${caseId}/timeline`).set(counselor.headers).expect(200);
  return Object.fromEntries(
    (res.body.items as TTimelineItem[])
      .filter((item) => item.kind === 'triage')
      .map((item) => [item.id, (item.data as { result: TTriageResult }).result]),
  );
}

describe('triage_results at rest', () => {
  it('stores none of the quoted words in clear, keeps the codes, and every reader shows the phrases', async () => {
    const preview = (
      await t.http.post('/api/v1/triage/preview').send({ description: DESCRIPTION }).expect(200)
    ).body as TTriageResult;
    const quotes = quotesOf(preview);
    // The text is quoted as a danger phrase, an amount paid, a 「…」 reason and a cue.
    expect(preview.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['danger_now', 'money_paid']));
    expect(preview.signals.filter((s) => s.phrase).length).toBeGreaterThanOrEqual(2);
    expect(quotes.some((q) => q.startsWith('「'))).toBe(true);

    const id = await submit(DESCRIPTION, { person: { age: 38, prefecture: '13' } });

    const stored = await storedTriage(id);
    expect(stored).toContain('enc:v1:');
    expect(quotes.filter((quote) => stored.includes(wordsOf(quote)))).toEqual([]);
    const [row] = await db.triageResult.findMany({ where: { caseId: id } });
    expect(row?.phrases).toMatch(/^enc:v1:/);
    // The coded part stays in clear: statistics and the queue read it.
    const coded = row!.result as unknown as TTriageResult;
    expect(coded).toMatchObject({
      urgency: preview.urgency,
      matchedRuleIds: preview.matchedRuleIds,
      categories: preview.categories.map((c) =>
        expect.objectContaining({ code: c.code, confidence: c.confidence }),
      ),
      signals: preview.signals.map((s) => expect.objectContaining({ code: s.code, source: s.source })),
      recommendations: preview.recommendations.map((r) =>
        expect.objectContaining({ windowSlug: r.windowSlug }),
      ),
    });
    expect(coded.signals.find((s) => s.code === 'money_paid')?.amountYen).toBe(50_000);
    expect(quotesOf(coded)).toEqual([]);

    // The case page and the timeline: the result exactly as triage returned it (only the instant differs).
    const page = await casePageTriage(id);
    expect(quotesOf(page)).toEqual(quotes);
    expect(page.categories).toEqual(preview.categories);
    expect(page.signals).toEqual(preview.signals);
    expect(page.lifeStage).toEqual(preview.lifeStage);
    expect(Object.values(await timelineTriages(id)).map(quotesOf)).toEqual([quotes]);

    // The case export (PDF) is built from the opened result: it renders without error.
    const supervisor = await staffHeaders(t, 'supervisor');
    await t.http
      .get(`/api/v1/cases/${id}/export.pdf`)
      .set(supervisor.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
  });

  it('a result without quoted words stores no phrases', async () => {
    const id = await submit('よくわからないのですが相談したいです', {
      answers: { paid: true, amountPaidYen: 3_000 },
    });
    const [row] = await db.triageResult.findMany({ where: { caseId: id } });
    expect(row).toBeDefined();
    expect(row?.phrases).toBeNull();
    const opened = await casePageTriage(id);
    expect(quotesOf(opened)).toEqual([]);
    expect(opened).toEqual(row?.result);
  });
});

describe('rows written before the upgrade', () => {
  it('the migration moves the quotes out of result; they stay readable and keys.reencrypt encrypts them', async () => {
    const id = await submit('移行の確認のための相談');
    const preview = (
      await t.http.post('/api/v1/triage/preview').send({ description: DESCRIPTION }).expect(200)
    ).body as TTriageResult;
    const quotes = quotesOf(preview);
    expect(quotes.length).toBeGreaterThan(2);
    // A row in the shape written before the migration: the whole result, phrases included, in `result`.
    const [inserted] = await db.$queryRaw<{ legacy: string }[]>`
      INSERT INTO triage_results (id, case_id, rule_set_version, urgency, result, created_at)
      VALUES (gen_random_uuid(), ${id}::uuid, ${preview.ruleSetVersion}, ${preview.urgency}::"Urgency",
              ${JSON.stringify(preview)}::jsonb, now() + interval '1 second')
      RETURNING id::text AS legacy`;
    const legacy = inserted!.legacy;
    // Read as it is before the migration ran.
    expect(quotesOf(await casePageTriage(id))).toEqual(quotes);

    // The migration's own statement, run again (rows already moved or without quotes are left alone).
    const migration = readFileSync(
      path.join(__dirname, '../../../prisma/migrations/20261206050000_encrypt_triage_phrases/migration.sql'),
      'utf8',
    );
    const move = /UPDATE "triage_results" t[\s\S]*?;\n/.exec(migration)?.[0];
    expect(move).toBeDefined();
    await db.$executeRawUnsafe(move!);
    const moved = await db.triageResult.findUniqueOrThrow({ where: { id: legacy } });
    const split = splitTriageResult(preview);
    expect(moved.result).toEqual(split.coded);
    expect(JSON.parse(moved.phrases!)).toEqual(split.phrases);

    const readAll = async () => {
      expect(quotesOf(await casePageTriage(id))).toEqual(quotes);
      expect((await timelineTriages(id))[legacy]).toEqual(preview);
    };
    await readAll();
    expect(quotes.filter((q) => moved.phrases!.includes(q))).toEqual(quotes);

    const jobs = await createJobsTestApp();
    try {
      await jobs.app.get(JobsService).send(reencryptJob, {});
      await eventually(async () => {
        const row = await db.triageResult.findUniqueOrThrow({ where: { id: legacy } });
        return row.phrases?.startsWith('enc:v1:') ? row : undefined;
      });
    } finally {
      await jobs.close();
    }
    const stored = await storedTriage(id);
    expect(quotes.filter((quote) => stored.includes(wordsOf(quote)))).toEqual([]);
    await readAll();
  });
});

describe('shredding', () => {
  it('empties the phrases and keeps the coded result', async () => {
    const id = await submit(DESCRIPTION);
    const before = await db.triageResult.findFirstOrThrow({ where: { caseId: id } });
    expect(before.phrases).toMatch(/^enc:v1:/);
    const [shred] = await db.$queryRaw<{ n: number }[]>`SELECT shred_triage_phrases(${id}::uuid) AS n`;
    expect(shred?.n).toBe(1);
    const after = await db.triageResult.findFirstOrThrow({ where: { caseId: id } });
    expect(after.phrases).toBeNull();
    expect(after.result).toEqual(before.result);
    const page = await casePageTriage(id);
    expect(quotesOf(page)).toEqual([]);
    expect(page.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['danger_now', 'money_paid']));
  });
});
