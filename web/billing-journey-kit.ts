/**
 * What the billing journeys need from a browser harness: one Chromium per file, a context per user signed in through
 * the console's own sign-in page, a watch that fails a journey on console errors and failed requests, and the check
 * every visited page passes (axe-core: no serious or critical violation; no horizontal scroll at 390 px; screenshots
 * in test-artifacts/console/). A stand-in written to the harness's planned API (wip-console-infra): once
 * `infra/local/testing/browser.ts` lands, these functions become thin re-exports of it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { api, eventually, localStack } from '../infra/local/testing/local-stack';
import { latestCode } from '../infra/local/testing/mail';
import { login, TEST_PASSWORD, uniqueEmail, type TestUser } from '../infra/local/testing/users';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts', 'console');
const DESKTOP = { width: 1280, height: 900 };
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** The console of the running local stack (`consoleUrl` of local.json), without its trailing slash. */
export function consoleUrl(): string {
  const url = (localStack() as { consoleUrl?: string }).consoleUrl ?? process.env.ARGUS_CONSOLE_URL;
  if (!url) throw new Error('the local stack names no consoleUrl (and ARGUS_CONSOLE_URL is not set)');
  return url.replace(/\/+$/, '');
}

/** A new account whose first org exists (confirmed with the mailed code where the stage does not auto-confirm). */
export async function confirmedUser(orgName = 'Journey Co'): Promise<TestUser> {
  const email = uniqueEmail('journey');
  const before = new Date().toISOString();
  const res = await api('/v1/auth/signup', { body: { email, password: TEST_PASSWORD, orgName } });
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${JSON.stringify(res.body)}`);
  if (!res.body.confirmed) {
    const code = await latestCode(res.body.email, /confirm/i, before);
    const confirmed = await api('/v1/auth/confirm', { body: { email: res.body.email, code } });
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  }
  const tokens = await login(res.body.email);
  const me = await eventually(() => api('/v1/me', { token: tokens.accessToken }), (r) => r.status === 200 && r.body.orgs.length > 0);
  return { email: res.body.email, password: TEST_PASSWORD, userId: res.body.userId, orgId: me.body.orgs[0].id, token: tokens.accessToken, idToken: tokens.idToken, refreshToken: tokens.refreshToken };
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Console errors and failed requests seen so far (expected ones excluded). */
  problems: string[];
}

/**
 * A fresh context signed in as `user` through the sign-in page. Every console error, failed request and API answer of
 * 400 or more is recorded, unless `expected` says it is part of the journey (an emulator page's missing favicon).
 * Requests the browser itself aborted because the page navigated on (`net::ERR_ABORTED`) are not problems.
 */
export async function signedIn(browser: Browser, user: Pick<TestUser, 'email' | 'password'>, expected: RegExp[] = []): Promise<Watched> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems: string[] = [];
  const note = (what: string) => !expected.some((e) => e.test(what)) && problems.push(what);
  page.on('console', (m) => m.type() === 'error' && note(`console: ${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && note(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && note(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`));
  await page.goto(`${consoleUrl()}/signin`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/overview$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, context, problems };
}

/** Goes to a section of the org through the section links (as a person would) and waits for its content. */
export async function openSection(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Organization sections' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await settle(page);
}

/** Until nothing shows as loading and the network is quiet. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

/**
 * The check of a visited page: no serious or critical axe violation, no horizontal page scroll at 390 px, and a
 * screenshot at both widths (`<name>.png`, `<name>-390.png`). Answers the violations found (the journey expects none).
 */
export async function checkPage(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await settle(page);
  await page.evaluate(`${axeSource}\n;undefined`);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
  const violations = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.impact} ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(150);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) violations.push(`${name}: scrolls ${overflow} px sideways at 390 px`);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  return violations;
}

/** Pays the open Stripe Checkout page the console sent the browser to (the emulator's hosted page has a Pay button). */
export async function payOnCheckoutPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.origin === new URL(localStack().stripe.apiUrl).origin);
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL((url) => url.href.startsWith(consoleUrl()));
}

/** The emulator's hosted pages ask for a favicon it does not serve: not a console problem. */
export function emulatorNoise(): RegExp[] {
  const origin = new URL(localStack().stripe.apiUrl).origin.replace(/[.]/g, '\\.');
  return [new RegExp(`HTTP 404: GET ${origin}/favicon\\.ico`), new RegExp(`console: Failed to load resource.*\\(${origin}/favicon\\.ico\\)`)];
}

/** Money as the console writes it for the test browser's locale (en-US): `{ amount: 2500, currency: 'usd' }` → `$25.00`. */
export function usd(money: { amount: number | string; currency: string }): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency.toUpperCase() }).format(Number(money.amount) / 100);
}
