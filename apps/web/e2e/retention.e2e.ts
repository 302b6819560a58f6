// Retention on the staff case page (issue 17 item 2): a supervisor places a legal hold with a reason through the
// case page's form without JavaScript (a plain form POST to the server action), sees it kept, and a shredded case's
// page says that its personal data was deleted. The shredding itself is tested in apps/api/test/retention.e2e-spec.ts.
import { randomBytes } from 'node:crypto';

import { closeBrowser, newPage, stackDatabase } from './harness';
import { apiJson, createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

const DESKTOP = { width: 1280, height: 900 };
const run = randomBytes(4).toString('hex');

let supervisor: TStaffUser;

async function newCase(tag: string): Promise<string> {
  const created = await apiJson<{ receiptNumber: string }>('POST', '/intakes', {
    channel: 'web',
    description: `身に覚えのない請求のSMSが届きました。(${tag} ${run})`,
    person: { age: 52, prefecture: '27' },
  });
  const db = stackDatabase();
  try {
    return (
      await db.case.findUniqueOrThrow({
        where: { receiptNumber: created.receiptNumber },
        select: { id: true },
      })
    ).id;
  } finally {
    await db.$disconnect();
  }
}

beforeAll(async () => {
  supervisor = await createStaffUser('supervisor', `retention-${run}`, `監督者 ${run}`);
});

afterAll(async () => {
  await closeBrowser();
});

describe('retention on the case page', () => {
  it('places a legal hold with a reason without JavaScript, and a shredded case says its data was deleted', async () => {
    const heldId = await newCase('hold');
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, supervisor, `/cases/${heldId}`);

    const plain = await newPage({ viewport: DESKTOP, javaScriptEnabled: false });
    await plain.context().addCookies(await page.context().cookies());
    await plain.goto(`/cases/${heldId}`);
    await plain.getByText('保存期間 / Retention').click();
    const form = plain.getByRole('form', { name: /保存期間の区分/ });
    await form.getByRole('radio', { name: /法的保全/ }).check();
    await form.getByRole('textbox', { name: /法的保全の理由/ }).fill(`訴訟対応のため保全(${run})`);
    await form.getByRole('button', { name: /保存する/ }).click();
    await plain.getByText('保存期間の区分を保存しました。').waitFor();

    const db = stackDatabase();
    try {
      // The reason is a supervisor's free text about the case: stored encrypted, shown opened on the page.
      expect(await db.case.findUniqueOrThrow({ where: { id: heldId } })).toMatchObject({
        retentionClass: 'legal_hold',
        legalHoldReason: expect.stringMatching(/^enc:v1:/),
        legalHoldById: supervisor.id,
      });
      await plain.goto(`/cases/${heldId}`);
      await plain.getByText(`法的保全の理由: 訴訟対応のため保全(${run})`).waitFor();

      // A shredded case (as the retention job leaves it): the page says so, and the class can no longer change.
      const shreddedId = await newCase('shredded');
      await db.case.update({ where: { id: shreddedId }, data: { shreddedAt: new Date() } });
      await plain.goto(`/cases/${shreddedId}`);
      await plain.getByText(/この相談の個人情報.*削除されました/).waitFor();
      await plain.getByText('保存期間 / Retention').click();
      await plain.getByText('削除済みのため変更できません。').waitFor();
      expect(await plain.getByRole('form', { name: /保存期間の区分/ }).count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});
