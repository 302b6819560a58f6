// Chromium through playwright-core: Debian's /usr/bin/chromium (playwright's own browser downloads
// cannot reach their host here), one browser per test file, a fresh context per page.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { repoRoot } from './stack';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An older Android phone: the narrowest screen the public pages are designed for. */
export const PHONE = { width: 360, height: 800 };

export const screenshotDir = path.join(repoRoot, 'artifacts', 'screenshots');

let browser: Browser | undefined;
const contexts = new Set<BrowserContext>();

/** Where the stack started by globalSetup serves the web app. */
export function webUrl(): string {
  const url = process.env.E2E_WEB_URL;
  if (!url) {
    throw new Error(
      'E2E_WEB_URL is not set: run through jest -c jest.e2e.config.js (its globalSetup starts the stack)',
    );
  }
  return url;
}

async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  return browser;
}

export type TPageOptions = {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  /** Another web app than the suite's stack (e.g. the proxy in front of two web processes). */
  baseURL?: string;
};

/** A page in a new context (no cookies shared with other tests), Japanese locale, phone-sized, at webUrl(). */
export async function newPage({
  javaScriptEnabled = true,
  viewport = PHONE,
  baseURL = webUrl(),
}: TPageOptions = {}): Promise<Page> {
  const context = await (
    await launch()
  ).newContext({
    baseURL,
    viewport,
    javaScriptEnabled,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    // Each page is a client of its own (the web trusts X-Forwarded-For from 127.0.0.1, its stand-in proxy): two
    // files at a time would otherwise share one address and its per-minute intake limit.
    extraHTTPHeaders: clientAddressHeader(),
  });
  contexts.add(context);
  context.once('close', () => contexts.delete(context));
  return context.newPage();
}

/** Call in afterAll of every test file that used newPage(). */
export async function closeBrowser(): Promise<void> {
  await Promise.all([...contexts].map((context) => context.close()));
  await browser?.close();
  browser = undefined;
}

/** Full-page PNG under artifacts/screenshots/ (CI keeps artifacts/). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** How wide the page's content is: more than the viewport means sideways scrolling on a phone. */
export function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export type TViolation = { id: string; impact: string | null | undefined; help: string; targets: string[] };

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and returns its serious and critical violations (empty when there are
 * none). The source is evaluated through the DevTools protocol, which the page's CSP does not apply to.
 * Needs JavaScript enabled in the page's context.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<TViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type TAxeResult = {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<TAxeResult> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/**
 * A client address of its own (TEST-NET-2, RFC 5737) for a request a test sends: the API's per-address limits
 * (10 intakes a minute) then apply to that test alone, as they would to one person.
 */
export function clientAddressHeader(): { 'x-forwarded-for': string } {
  return { 'x-forwarded-for': `198.51.100.${1 + Math.floor(Math.random() * 254)}` };
}
