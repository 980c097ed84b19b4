/**
 * Journeys of the plans page in a real Chromium against the local stack (CONTRACT §7, issue #13): upgrade through
 * Stripe Checkout (the emulator's Pay button), change plan with the proration preview shown before confirming, and
 * cancel at the period's end then resume. What the page shows is compared with what the API answers.
 */
import type { Browser } from 'playwright-core';
import { api } from '../infra/local/testing/local-stack';
import { getSubscription, subscribe, waitForSubscription } from '../infra/local/testing/billing';
import { checkPage, confirmedUser, emulatorNoise, launchBrowser, openSection, payOnCheckoutPage, signedIn } from './billing-journey-kit';

jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('an owner upgrades to Professional through Checkout, pays on the hosted page and sees the plan change', async () => {
  const user = await confirmedUser('Upgrade Co');
  const { page, context, problems } = await signedIn(browser, user, emulatorNoise());
  await openSection(page, 'Plans');
  const subscription = page.getByTestId('subscription');
  await expect(subscription.getByTestId('plan-name').textContent()).resolves.toBe('Explorer');
  expect(await checkPage(page, 'plans-explorer')).toEqual([]);

  await page.getByRole('radio', { name: 'Monthly' }).check();
  await page.getByRole('button', { name: 'Upgrade to Professional' }).click();
  await payOnCheckoutPage(page);

  // Back on the console: it waits for the webhook to apply the subscription, then shows it.
  await page.getByRole('status').filter({ hasText: 'Your organization is now on Professional' }).waitFor();
  await expect(subscription.getByTestId('plan-name').textContent()).resolves.toBe('Professional');
  expect((await getSubscription(user)).planId).toBe('professional');
  await expect(page.locator('[data-plan="professional"]').getByText('Current plan').count()).resolves.toBe(1);
  expect(await checkPage(page, 'plans-after-checkout')).toEqual([]);

  await openSection(page, 'Overview');
  await expect(page.getByTestId('plan-name').textContent()).resolves.toBe('Professional');
  expect(await checkPage(page, 'overview-professional')).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});

test('an admin of a paying org sees the proration preview before the change, and the change applies once confirmed', async () => {
  const user = await confirmedUser('Change Co');
  await subscribe(user, 'professional');
  const { page, context, problems } = await signedIn(browser, user);
  await openSection(page, 'Plans');

  const business = page.locator('[data-plan="business"]');
  // Nothing changes on the first click: it asks for the preview, and only then offers the confirmation.
  await expect(business.getByRole('button', { name: 'Confirm change' }).count()).resolves.toBe(0);
  await business.getByRole('button', { name: 'Change to Business, monthly' }).click();
  const preview = business.getByRole('region', { name: 'Change to Business, monthly' });
  await preview.waitFor();
  const expected = await api(`/v1/orgs/${user.orgId}/subscription/preview`, { token: user.token, body: { planId: 'business', interval: 'month' } });
  expect(expected.status).toBe(200);
  expect(expected.body.amountDue.amount).toBeGreaterThan(0);
  // The same change previewed a moment apart: Stripe prorates by the second, so allow the cents of those seconds.
  const shown = Number((await preview.getByTestId('amount-due').textContent())!.replace(/[^0-9.]/g, '')) * 100;
  expect(Math.abs(shown - expected.body.amountDue.amount)).toBeLessThanOrEqual(5);
  await expect(preview.getByRole('row').count()).resolves.toBe(expected.body.lines.length + 1);
  expect((await getSubscription(user)).planId).toBe('professional');
  expect(await checkPage(page, 'plans-change-preview')).toEqual([]);

  await preview.getByRole('button', { name: 'Confirm change' }).click();
  await page.getByRole('status').filter({ hasText: 'The plan is now Business.' }).waitFor();
  await expect(page.getByTestId('subscription').getByTestId('plan-name').textContent()).resolves.toBe('Business');
  expect((await waitForSubscription(user, (s) => s.planId === 'business')).planId).toBe('business');
  expect(problems).toEqual([]);
  await context.close();
});

test('an admin cancels at the period end (after confirming) and resumes; a member sees neither action', async () => {
  const owner = await confirmedUser('Cancel Co');
  await subscribe(owner, 'professional');
  const { page, context, problems } = await signedIn(browser, owner);
  await openSection(page, 'Plans');

  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  await page.getByText('Are you sure?').waitFor();
  expect((await getSubscription(owner)).cancelAtPeriodEnd).toBe(false);
  expect(await checkPage(page, 'plans-cancel-confirm')).toEqual([]);
  await page.getByRole('button', { name: 'Yes, cancel at period end' }).click();
  const notice = page.getByTestId('cancel-notice');
  await notice.waitFor();
  const canceled = await getSubscription(owner);
  expect(canceled.cancelAtPeriodEnd).toBe(true);
  await expect(notice.textContent()).resolves.toContain(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(canceled.currentPeriodEnd!)));
  expect(await checkPage(page, 'plans-canceling')).toEqual([]);

  await page.getByRole('button', { name: 'Resume subscription' }).click();
  await page.getByRole('status').filter({ hasText: 'The subscription was resumed.' }).waitFor();
  await expect(notice.count()).resolves.toBe(0);
  expect((await getSubscription(owner)).cancelAtPeriodEnd).toBe(false);
  await expect(page.getByRole('button', { name: 'Cancel subscription' }).count()).resolves.toBe(1);
  expect(problems).toEqual([]);
  await context.close();

  // A member reads the same plan and none of the admin's actions.
  const member = await confirmedUser('Member Co');
  const invitation = await api(`/v1/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: member.email, role: 'member' } });
  expect((await api(`/v1/invitations/${invitation.body.id}/accept`, { method: 'POST', token: member.token })).status).toBe(200);
  const seen = await signedIn(browser, member);
  await seen.page.getByRole('combobox', { name: 'Organization' }).selectOption(owner.orgId);
  await seen.page.getByRole('heading', { level: 1, name: 'Cancel Co' }).waitFor();
  await openSection(seen.page, 'Plans');
  await expect(seen.page.getByTestId('subscription').getByTestId('plan-name').textContent()).resolves.toBe('Professional');
  await expect(seen.page.getByRole('button').filter({ hasText: /Cancel subscription|Resume|Manage payment|Change to|Upgrade to/ }).count()).resolves.toBe(0);
  expect(await checkPage(seen.page, 'plans-member')).toEqual([]);
  expect(seen.problems).toEqual([]);
  await seen.context.close();
});
