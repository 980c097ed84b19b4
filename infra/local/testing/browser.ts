import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../state';
import { localStack } from './local-stack';

/**
 * The console's browser-test harness: Debian's Chromium driven by playwright-core (no downloaded browser), one browser
 * per test file, a fresh context (cookies, storage) per user, and pages that fail the test on any console error, page
 * error or failed request unless the step declared it (`expectRefusal`).
 *
 *   const browser = useConsoleBrowser();                        // launched once for the file, closed after it
 *   it('signs in', async () => {
 *     const { page } = await browser.open('sign-in');             // {consoleUrl}sign-in, in a new context
 *     ...
 *   });                                                           // afterEach: any problem seen fails the test
 */

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'console');
/** Flags that work for Debian's chromium in a container (no sandbox, no GPU, nothing phoning home). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Problems seen so far (console errors, page errors, failed requests, unexpected ≥ 400 answers). */
  problems: string[];
  /**
   * Runs `step`, during which answers with `status` are expected (a refusal the page must show, e.g. 409 on a
   * duplicate); fails unless at least one such answer came. Any other ≥ 400 answer still fails the test.
   */
  expectRefusal<T>(status: number, step: () => Promise<T>): Promise<T>;
  /** Throws now if anything went wrong so far (afterEach does it for every page anyway). */
  assertClean(): void;
}

export interface ConsoleBrowser {
  /** `{apiUrl}/console/` of the stack under test. */
  readonly consoleUrl: string;
  /** A new user's browser (own context: cookies, storage), at `route` under the console (e.g. `sign-in`). */
  open(route?: string, options?: { viewport?: { width: number; height: number } }): Promise<ConsolePage>;
  /** A second tab in the same user's context. */
  openTab(user: ConsolePage, route?: string): Promise<ConsolePage>;
}

/** Launches Chromium once for this test file; every page opened in a test is checked and closed after it. */
export function useConsoleBrowser(): ConsoleBrowser {
  let browser: Browser | undefined;
  let opened: ConsolePage[] = [];
  const consoleUrl = () => localStack().consoleUrl;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const pages = opened;
    opened = [];
    // Requests still in flight when the test ends are not failures of the test.
    for (const p of pages) p.problems.push = () => 0;
    const problems = pages.flatMap((p) => p.problems);
    await Promise.all(pages.map((p) => p.context.close().catch(() => undefined)));
    if (problems.length) throw new Error(`The console misbehaved during this test:\n- ${problems.join('\n- ')}`);
  });

  const track = (page: Page, context: BrowserContext): ConsolePage => {
    const problems: string[] = [];
    const expected: { status: number; seen: number }[] = [];
    page.on('console', (message) => {
      // Chromium also logs every ≥ 400 answer as "Failed to load resource"; the response listener judges those.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? 'failed';
      // An app aborting its own request (navigation, unmount) is not a failure.
      if (failure !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.method()} ${request.url()}: ${failure}`);
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const declared = expected.find((e) => e.status === response.status());
      if (declared) declared.seen++;
      else problems.push(`unexpected ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
    const consolePage: ConsolePage = {
      page,
      context,
      problems,
      async expectRefusal(status, step) {
        const expectation = { status, seen: 0 };
        expected.push(expectation);
        try {
          const result = await step();
          const deadline = Date.now() + 5_000;
          while (!expectation.seen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
          if (!expectation.seen) throw new Error(`expected a ${status} answer during this step, none came`);
          return result;
        } finally {
          expected.splice(expected.indexOf(expectation), 1);
        }
      },
      assertClean() {
        if (problems.length) throw new Error(`The console misbehaved:\n- ${problems.join('\n- ')}`);
      },
    };
    opened.push(consolePage);
    return consolePage;
  };

  return {
    get consoleUrl() {
      return consoleUrl();
    },
    async open(route = '', options = {}) {
      if (!browser) throw new Error('useConsoleBrowser() must be called at the top of the test file (it launches in beforeAll)');
      const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
      const page = await context.newPage();
      const tracked = track(page, context);
      await page.goto(new URL(route, consoleUrl()).toString());
      return tracked;
    },
    async openTab(user, route = '') {
      const page = await user.context.newPage();
      const tracked = track(page, user.context);
      await page.goto(new URL(route, consoleUrl()).toString());
      return tracked;
    },
  };
}

/** Saves a full-page PNG as test-artifacts/console/<name>.png (kept by CI as an artifact; gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

let axeSource: string | undefined;

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation (naming each rule, its help
 * and the offending elements). The full report goes to test-artifacts/console/a11y-<name>.json.
 * axe is evaluated through the DevTools protocol, so the console's CSP (no inline scripts) stays in force.
 */
export async function checkA11y(page: Page, name: string): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as InPage & { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } };
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, `a11y-${name.replace(/[^\w.-]+/g, '-')}.json`), JSON.stringify(violations, null, 2));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length) {
    const lines = blocking.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
    throw new Error(`Accessibility (${name}): ${blocking.length} serious or critical violation(s):\n- ${lines.join('\n- ')}`);
  }
}

/** The little of the DOM these checks touch (this file is type-checked without the DOM library). */
interface InPageElement {
  tagName: string;
  id: string;
  className: unknown;
  getBoundingClientRect(): { right: number };
}
interface InPage {
  requestAnimationFrame(callback: () => void): number;
  document: { documentElement: { clientWidth: number; scrollWidth: number }; body?: { scrollWidth: number }; querySelectorAll(selector: string): Iterable<InPageElement> };
}

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Narrows the page to a 390 px phone and fails if anything makes it scroll sideways (naming the widest elements).
 * The page stays at phone width afterwards (for a screenshot); `restore: true` puts the previous size back.
 */
export async function atPhoneWidth(page: Page, options: { restore?: boolean } = {}): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  // Two frames: the resize's layout and paint are done.
  await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as InPage).requestAnimationFrame(() => (globalThis as unknown as InPage).requestAnimationFrame(() => resolve(undefined)))));
  const overflow = await page.evaluate(() => {
    const { document } = globalThis as unknown as InPage;
    const width = document.documentElement.clientWidth;
    const scroll = Math.max(document.documentElement.scrollWidth, document.body?.scrollWidth ?? 0);
    if (scroll <= width) return undefined;
    const wide = [...document.querySelectorAll('body *')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((e) => e.right > width + 0.5)
      .sort((a, b) => b.right - a.right)
      .slice(0, 5)
      .map(({ el, right }) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (right edge ${Math.round(right)} px)`);
    return { width, scroll, wide };
  });
  if (before && options.restore) await page.setViewportSize(before);
  if (overflow) throw new Error(`At ${PHONE.width} px the page scrolls sideways (${overflow.scroll} px wide in ${overflow.width} px); widest: ${overflow.wide.join(', ')}`);
}
