import type { Page } from 'playwright-core';
import { atPhoneWidth, checkA11y, screenshot, type ConsoleBrowser, type ConsolePage } from '../../infra/local/testing/browser';
import { api } from '../../infra/local/testing/local-stack';
import type { TestUser } from '../../infra/local/testing/users';

/** Steps the org journeys share (web/e2e/org-*.e2e.test.ts): signing in on the page, the org's sections, page checks. */

export const sections = (page: Page) => page.getByRole('navigation', { name: 'Organization sections' });
export const main = (page: Page) => page.locator('main');
/** A pattern matching `text` as written. */
export const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Codes of a user's authenticator app (TOTP on). */
export interface Authenticator {
  generate(): string;
}

/** A person's own browser context, signed in on the sign-in page (with a code from their app when TOTP is on). */
export async function signedIn(browser: ConsoleBrowser, user: TestUser, app?: Authenticator): Promise<ConsolePage> {
  const tab = await browser.open('signin');
  await signIn(tab.page, user, app);
  return tab;
}

export async function signIn(page: Page, user: TestUser, app?: Authenticator): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (app) {
    await page.getByLabel('Authentication code').fill(app.generate());
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await page.waitForURL(/\/console\/orgs\/[^/]+\/overview$/);
}

/** Switches the org switcher to `orgId` (a user lands on their own org first). */
export async function switchOrg(page: Page, orgId: string): Promise<void> {
  await page.getByLabel('Organization', { exact: true }).selectOption(orgId);
  await page.waitForURL(new RegExp(`/console/orgs/${orgId}/overview$`));
}

export async function openSection(page: Page, name: string): Promise<void> {
  await sections(page).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Every visited page: axe finds no serious or critical issue, it fits 390 px, and a screenshot at both widths. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await screenshot(page, name);
  const size = page.viewportSize();
  await atPhoneWidth(page);
  await screenshot(page, `${name}-390px`);
  if (size) await page.setViewportSize(size);
}

/**
 * The audit-log page of `user`'s org shows exactly the API's entries (newest first), and `actions` (newest first)
 * appear in that order.
 */
export async function expectAuditLog(page: Page, user: TestUser, actions: string[]): Promise<void> {
  await openSection(page, 'Audit log');
  await page.getByRole('row', { name: literal(actions[0]!) }).first().waitFor();
  const entries = (await api(`/v1/orgs/${user.orgId}/audit-log`, { token: user.token })).body.entries as { action: string }[];
  const shown = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
  expect(shown).toEqual(entries.map((e) => e.action));
  const positions = actions.map((a) => shown.indexOf(a));
  expect(Object.fromEntries(actions.map((a, i) => [a, positions[i]! >= 0]))).toEqual(Object.fromEntries(actions.map((a) => [a, true])));
  expect([...positions].sort((x, y) => x - y)).toEqual(positions);
}
