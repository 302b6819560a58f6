// The staff queue's search by category label and by receipt number without its hyphen, and the
// excerpt of the person's words on each queue row (issue 18).
import {
  EXCERPT_LENGTH,
  EXCERPT_MASKS,
  type TCaseCreated,
  type TCaseCreateInput,
  type TCaseList,
  type TTroubleCategory,
} from '@madoguchi/shared';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

type Headers = { authorization: string };

let t: TestApp;
let me: { headers: Headers };

const cases: Record<string, TCaseCreated['case']> = {};

const PHONE = '090-3141-5926';
const EMAIL = 'hanako.sato@example.ne.jp';
const LONG_STORY =
  `昨日の夜、${PHONE} から電話があり、\n\n「未納料金がある」と言われました。\t連絡先として ${EMAIL} を教えてしまいました。` +
  'そのあと何度もSMSが届いています。どうしたらよいでしょうか。'.repeat(20);

/** A case taken by phone, its categories then confirmed by the counselor (the suggestion no longer counts). */
async function createCase(name: string, body: TCaseCreateInput, categories: TTroubleCategory[]) {
  const created = (await t.http.post('/api/v1/cases').set(me.headers).send(body).expect(201)).body
    .case as TCaseCreated['case'];
  const confirmed = await t.http
    .put(`/api/v1/cases/${created.id}/categories`)
    .set(me.headers)
    .send({ version: created.version, categories, reason: '聞き取りの結果' })
    .expect(200);
  cases[name] = { ...created, ...confirmed.body };
}

async function search(q: string, query: Record<string, unknown> = {}): Promise<TCaseList> {
  const res = await t.http
    .post('/api/v1/cases/search')
    .set(me.headers)
    .send({ q, limit: 100, ...query })
    .expect(200);
  return res.body as TCaseList;
}

/** The names of the fixture cases a search finds, sorted. */
async function found(q: string): Promise<string[]> {
  const byId = new Map(Object.entries(cases).map(([name, c]) => [c.id, name]));
  return (await search(q)).items.map((item) => byId.get(item.id) ?? item.id).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  me = await staffHeaders(t, 'counselor');
  // None of the descriptions below says the label of its category.
  await createCase(
    'billing',
    { description: 'アダルトサイトを見ていたら「登録完了」と出て、料金を払うよう求められた' },
    ['fictitious_billing'],
  );
  await createCase(
    'bullying',
    { description: 'クラスのグループLINEから外されて、悪口を書き込まれている', person: { age: 14 } },
    ['child_bullying'],
  );
  await createCase('phish', { description: '銀行を名乗るSMSのリンクを開いて、パスワードを入れてしまった' }, [
    'phishing',
  ]);
  await createCase('shop', { description: '通販サイトで注文した商品が届かない' }, ['online_shopping']);
  // Says 架空請求 in words, but the counselor filed it under another category: found by its text.
  await createCase('mentions', { description: '架空請求かと思ったら本物の請求だった' }, ['online_fraud']);
  // Reads like bullying, but the counselor confirmed defamation: the confirmation wins, as in the category filter.
  await createCase(
    'overridden',
    { description: '学校の友達に仲間外れにされ、掲示板に悪口を書かれた', person: { age: 15 } },
    ['defamation'],
  );
  await createCase('story', { description: LONG_STORY }, ['other']);
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('search by category label', () => {
  it.each([
    ['架空請求', ['billing', 'mentions']],
    ['ワンクリック詐欺', ['billing']],
    ['いじめ', ['bullying']],
    ['ネットいじめ', ['bullying']],
    ['フィッシング', ['phish']],
    ['phishing', ['phish']],
    ['Phishing', ['phish']],
    ['ｐｈｉｓｈｉｎｇ', ['phish']],
    ['bullying', ['bullying']],
    ['one-click', ['billing']],
    ['Online shopping', ['shop']],
  ])('q=%s finds %j', async (q, expected) => {
    expect(await found(q)).toEqual(expected);
  });

  it('still requires every word: a category and a word of the text', async () => {
    expect(await found('いじめ 悪口')).toEqual(['bullying']);
    expect(await found('いじめ 掲示板')).toEqual([]);
    expect(await found('悪口')).toEqual(['bullying', 'overridden']);
  });

  it('follows the categories the counselor confirms', async () => {
    const shop = cases['shop']!;
    const res = await t.http
      .put(`/api/v1/cases/${shop.id}/categories`)
      .set(me.headers)
      .send({
        version: shop.version,
        categories: ['phishing'],
        reason: '偽の通販サイトにカード番号を入れていた',
      })
      .expect(200);
    cases['shop'] = { ...shop, ...res.body };
    expect(await found('phishing')).toEqual(['phish', 'shop']);
    expect(await found('Online shopping')).toEqual([]);
  });

  it('pages a category search in queue order, one case a page, without skipping or repeating one', async () => {
    const all = (await search('架空請求')).items.map((item) => item.id);
    expect(all).toHaveLength(2);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TCaseList = await search('架空請求', { limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('keeps the other filters: a category search of the closed cases finds none of these open ones', async () => {
    expect((await search('いじめ', { status: ['closed'] })).items).toEqual([]);
  });
});

describe('search by receipt number', () => {
  const fullWidth = (text: string) =>
    text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('finds the case typed without the hyphen, in lower case, full-width or with another dash', async () => {
    const receipt = cases['phish']!.receiptNumber;
    const bare = receipt.replace('-', '');
    for (const q of [
      receipt,
      bare,
      bare.toLowerCase(),
      fullWidth(bare),
      fullWidth(receipt),
      receipt.replace('-', 'ー'),
    ]) {
      expect(await found(q)).toEqual(['phish']);
    }
  });

  it('finds each case by its own number only', async () => {
    for (const [name, c] of Object.entries(cases)) {
      expect(await found(c.receiptNumber.replace('-', '').toLowerCase())).toEqual([name]);
    }
  });
});

describe('the excerpt on queue rows', () => {
  it('is the start of the description on one line, cut with an ellipsis, contact details masked', async () => {
    const row = (await search('未納料金')).items.find((item) => item.id === cases['story']!.id)!;
    const excerpt = row.excerpt!;
    expect(excerpt).toMatch(/^昨日の夜、/);
    expect(excerpt).toContain(EXCERPT_MASKS.phone);
    expect(excerpt).toContain(EXCERPT_MASKS.email);
    expect(excerpt).not.toMatch(/3141|5926|hanako|example/);
    expect(excerpt).not.toMatch(/[\n\t]| {2}/);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(EXCERPT_LENGTH + 1);
  });

  it('is on every row of the plain queue too, and a short description is shown whole', async () => {
    const res = await t.http.get('/api/v1/cases').query({ limit: '100' }).set(me.headers).expect(200);
    const { items } = res.body as TCaseList;
    expect(items).toHaveLength(Object.keys(cases).length);
    const shop = items.find((item) => item.id === cases['shop']!.id)!;
    expect(shop.excerpt).toBe('通販サイトで注文した商品が届かない');
    const story = items.find((item) => item.id === cases['story']!.id)!;
    expect(story.excerpt).not.toContain('5926');
  });

  it('leaves the full text to the case page', async () => {
    const res = await t.http.get(`/api/v1/cases/${cases['story']!.id}`).set(me.headers).expect(200);
    expect(res.body.intake.description).toContain(PHONE);
    expect(res.body.intake.description.length).toBeGreaterThan(500);
  });
});
