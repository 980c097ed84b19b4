import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { api, localStack } from '../infra/local/testing/local-stack';
import { latestCode } from '../infra/local/testing/mail';
import { TEST_PASSWORD, uniqueEmail, type TestUser } from '../infra/local/testing/users';

/**
 * A stand-in for the console harness (planned in infra/local/testing/browser.ts on wip-console-infra): it serves the
 * built console (web/dist) on its own loopback port with a config.json naming the test stack's API (the API allows
 * any http://127.0.0.1:* origin locally), drives Debian's chromium through playwright-core, fails a page on console
 * errors, page errors and failed requests, runs axe-core and the 390 px check, and saves screenshots. When the harness
 * lands, the journeys keep their steps and take its helpers instead.
 */
const WEB = path.join(__dirname);
const DIST = path.join(WEB, 'dist');
export const ARTIFACTS = path.join(WEB, '..', 'test-artifacts', 'console');

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds the console when web/dist is missing or older than a source file. */
function buildIfStale(): void {
  const built = existsSync(path.join(DIST, 'index.html')) ? statSync(path.join(DIST, 'index.html')).mtimeMs : 0;
  const newest = (dir: string): number =>
    Math.max(0, ...require('node:fs').readdirSync(dir, { withFileTypes: true }).map((e: { name: string; isDirectory(): boolean }) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  // Jest runs with NODE_ENV=test, which would make Vite bundle React's development build: build for production.
  if (built > newest(path.join(WEB, 'src'))) return;
  const run = spawnSync(path.join(WEB, '..', 'node_modules', '.bin', 'vite'), ['build', WEB, '--logLevel', 'error'], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stdout}${run.stderr}`);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

export interface ServedConsole {
  url: string;
  close(): Promise<void>;
}

/** Serves web/dist under /console/ (SPA fallback) with the stack's config.json. */
export async function serveConsole(): Promise<ServedConsole> {
  buildIfStale();
  const config = JSON.stringify({ apiUrl: localStack().apiUrl, stage: 'local' });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/console/')) return void res.writeHead(404).end();
    const rel = url.pathname.slice('/console/'.length);
    if (rel === 'config.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(config);
    const file = path.join(DIST, path.normalize(rel));
    const found = rel && file.startsWith(DIST) && existsSync(file) && statSync(file).isFile() ? file : path.join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(found)] ?? 'application/octet-stream' }).end(readFileSync(found));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/console/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** What went wrong in the browser so far (console errors, page errors, failed or refused requests). */
  problems: string[];
  /** Declares a refused request expected (a status for a URL part). */
  expect(status: number, urlPart: string): void;
}

/** A browser context of its own (one person), watching for console errors and failed requests. */
export async function person(browser: Browser): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected: { status: number; urlPart: string }[] = [];
  page.on('console', (msg) => {
    // A refused request the test declared expected also logs "Failed to load resource" in the console.
    if (msg.type() === 'error' && !(/Failed to load resource/.test(msg.text()) && expected.length)) problems.push(`console: ${msg.text()}`);
  });
  if (process.env.E2E_TRACE) page.on('request', (req) => console.log(Date.now(), req.method(), req.url(), 'from', req.frame().url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText} (page at ${page.url()})`));
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const i = expected.findIndex((e) => e.status === res.status() && res.url().includes(e.urlPart));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return { context, page, problems, expect: (status, urlPart) => expected.push({ status, urlPart }) };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The checks every visited page gets: axe-core finds no serious or critical violation, the page has no horizontal
 * scroll at 390 px, and a screenshot is saved (test-artifacts/console/<name>.png).
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(size);
  expect({ page: name, horizontalOverflowPx: Math.max(0, overflow) }).toEqual({ page: name, horizontalOverflowPx: 0 });
}

/**
 * A user with their own org, signed in over the API (for the test's own API checks); confirmed through the code in
 * /_local/mail when the stack does not auto-confirm.
 */
export async function confirmedUser(options: { name?: string; orgName?: string } = {}): Promise<TestUser> {
  const email = uniqueEmail('console');
  const since = new Date(Date.now() - 1000).toISOString();
  const signup = await api('/v1/auth/signup', { body: { email, password: TEST_PASSWORD, ...options } });
  if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${JSON.stringify(signup.body)}`);
  if (!signup.body.confirmed) {
    const code = await latestCode(email, /code|confirm|verif/i, since);
    const confirmed = await api('/v1/auth/confirm', { body: { email, code } });
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  }
  const login = await api('/v1/auth/login', { body: { email, password: TEST_PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const me = await api('/v1/me', { token: login.body.accessToken });
  return { email, password: TEST_PASSWORD, userId: signup.body.userId, orgId: me.body.defaultOrgId, token: login.body.accessToken, idToken: login.body.idToken, refreshToken: login.body.refreshToken };
}
