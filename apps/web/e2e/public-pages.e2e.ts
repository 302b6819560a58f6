import {
  closeBrowser,
  contentWidth,
  newPage,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
} from './harness';

afterAll(closeBrowser);

const PAGES = [
  { path: '/', name: 'landing', heading: /ネットトラブルの相談窓口/ },
  { path: '/intake', name: 'intake', heading: /相談する/ },
  { path: '/status', name: 'status', heading: /相談の状況を確認する/ },
  { path: '/windows', name: 'windows', heading: /相談窓口の一覧/ },
  {
    path: '/windows?category=fictitious_billing&openNow=true',
    name: 'windows-filtered',
    heading: /相談窓口の一覧/,
  },
];

describe.each(PAGES)('$path on a 360 px phone', ({ path, name, heading }) => {
  it('has no serious or critical accessibility violations and fits the screen', async () => {
    const page = await newPage();
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();

    await screenshot(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // Nothing sideways: no horizontal scrolling at 360 px.
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

describe('directory of windows', () => {
  it('filters by trouble type without JavaScript and links every phone number', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto('/windows');
    const all = await page.getByRole('article').count();
    expect(all).toBeGreaterThan(10);

    await page.getByRole('combobox', { name: /困っていることの種類/ }).selectOption('phishing');
    await page.getByRole('button', { name: /しぼりこむ/ }).click();
    await page.waitForURL(/category=phishing/);

    const filtered = await page.getByRole('article').count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    for (const href of await page
      .locator('a[href^="tel:"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect(href).toMatch(/^tel:(%23)?\d+$/);
    }
  });

  it('keeps web forms that take reports at any hour in "open now", at any time of day', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto('/windows?category=phishing&openNow=true');
    const form = page.getByRole('article').filter({ hasText: 'フィッシング対策協議会' });
    expect(await form.count()).toBe(1);
    expect(await form.textContent()).toContain('ウェブ・メールでいつでも受付');
  });
});
