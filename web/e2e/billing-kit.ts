import type { Page } from 'playwright-core';
import { atPhoneWidth, checkA11y, screenshot, type ConsoleBrowser, type ConsolePage } from '../../infra/local/testing/browser';
import { localStack } from '../../infra/local/testing/local-stack';

/** What the billing journeys do again and again on top of the console harness (infra/local/testing/browser.ts). */

/** A new browser context signed in as `user` through the sign-in page, on the overview of the user's first org. */
export async function signedIn(browser: ConsoleBrowser, user: { email: string; password: string }): Promise<ConsolePage> {
  const opened = await browser.open('signin');
  await opened.page.getByLabel('Email').fill(user.email);
  await opened.page.getByLabel('Password').fill(user.password);
  await opened.page.getByRole('button', { name: 'Sign in' }).click();
  await opened.page.waitForURL(/\/overview$/);
  await settle(opened.page);
  return opened;
}

/** Goes to a section of the org through its link in the section bar (as a person would) and waits for its content. */
export async function openSection(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Organization sections' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await settle(page);
}

/** Until the network is quiet and nothing on the page says it is loading. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/**
 * Every visited page's check: axe (no serious or critical violation), a screenshot, then the same page at 390 px (no
 * sideways scroll) and its screenshot; the desktop size is restored after.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await settle(page);
  await checkA11y(page, name);
  await screenshot(page, name);
  const size = page.viewportSize();
  await atPhoneWidth(page);
  await screenshot(page, `${name}-390px`);
  if (size) await page.setViewportSize(size);
}

/** Pays the Stripe Checkout page the console sent the browser to (the emulator's hosted page has a Pay button), back to the console. */
export async function payOnCheckoutPage(page: Page): Promise<void> {
  const stripe = new URL(localStack().stripe.apiUrl).origin;
  await page.waitForURL((url) => url.origin === stripe);
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/console/'));
}

/** Money as the console writes it in the test browser's locale (en-US): `{ amount: 2500, currency: 'usd' }` → `$25.00`. */
export function usd(money: { amount: number | string; currency: string }): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency.toUpperCase() }).format(Number(money.amount) / 100);
}

/** A date as the console writes it (medium style, the browser's zone: the same machine's as this process). */
export function mediumDate(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso));
}
