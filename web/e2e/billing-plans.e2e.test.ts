import { getSubscription, subscribe, waitForSubscription } from '../../infra/local/testing/billing';
import { useConsoleBrowser } from '../../infra/local/testing/browser';
import { api } from '../../infra/local/testing/local-stack';
import { addMember, newUser } from '../../infra/local/testing/users';
import { checkPage, mediumDate, openSection, signedIn } from './billing-kit';

/**
 * The plans page of a paying org in headless Chromium against the console project's stack (CONTRACT §7, issue #13):
 * change plan with the proration preview shown before confirming, cancel at the period's end and resume, Stripe's
 * portal and back; a member sees none of it (the upgrade through Checkout is in billing-checkout). What the page shows is compared
 * with what the API answers.
 */
jest.setTimeout(90_000);

describe('console: plans', () => {
  const browser = useConsoleBrowser();

  it('shows the proration preview before the change, and changes the plan once confirmed', async () => {
    const user = await newUser({ orgName: 'Change Co' });
    await subscribe(user, 'professional');
    const { page } = await signedIn(browser, user);
    await openSection(page, 'Plans');

    const business = page.locator('[data-plan="business"]');
    // The first click only asks for the preview; the confirmation comes with it.
    await expect(business.getByRole('button', { name: 'Confirm change' }).count()).resolves.toBe(0);
    await business.getByRole('button', { name: 'Change to Business, monthly' }).click();
    const preview = business.getByRole('region', { name: 'Change to Business, monthly' });
    await preview.waitFor();
    const expected = await api(`/v1/orgs/${user.orgId}/subscription/preview`, { token: user.token, body: { planId: 'business', interval: 'month' } });
    expect(expected.status).toBe(200);
    expect(expected.body.amountDue.amount).toBeGreaterThan(0);
    // Previewed a moment apart: Stripe prorates by the second, so the two may differ by the cents of those seconds.
    const shown = Math.round(Number((await preview.getByTestId('amount-due').textContent())!.replace(/[^0-9.]/g, '')) * 100);
    expect(Math.abs(shown - expected.body.amountDue.amount)).toBeLessThanOrEqual(5);
    await expect(preview.getByRole('row').count()).resolves.toBe(expected.body.lines.length + 1);
    expect((await getSubscription(user)).planId).toBe('professional');
    await checkPage(page, 'plans-change-preview');

    await preview.getByRole('button', { name: 'Confirm change' }).click();
    await page.getByRole('status').filter({ hasText: 'The plan is now Business.' }).waitFor();
    await expect(page.getByTestId('subscription').getByTestId('plan-name').textContent()).resolves.toBe('Business');
    expect((await waitForSubscription(user, (s) => s.planId === 'business')).planId).toBe('business');
  });

  it('cancels at the period end after an "are you sure" step, resumes, opens the Stripe portal; a member sees none of these', async () => {
    // Both accounts at once (each sign-up waits for its mailed code).
    const [owner, member] = await Promise.all([newUser({ orgName: 'Cancel Co' }), newUser({ orgName: 'Member Co' })]);
    await subscribe(owner, 'professional');
    await addMember(owner.token, owner.orgId, member);
    const { page } = await signedIn(browser, owner);
    await openSection(page, 'Plans');

    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByText('Are you sure?').waitFor();
    expect((await getSubscription(owner)).cancelAtPeriodEnd).toBe(false);
    await checkPage(page, 'plans-cancel-confirm');
    await page.getByRole('button', { name: 'Yes, cancel at period end' }).click();
    const notice = page.getByTestId('cancel-notice');
    await notice.waitFor();
    const canceling = await getSubscription(owner);
    expect(canceling.cancelAtPeriodEnd).toBe(true);
    await expect(notice.textContent()).resolves.toContain(mediumDate(canceling.currentPeriodEnd!));
    await checkPage(page, 'plans-canceling');

    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await page.getByRole('status').filter({ hasText: 'The subscription was resumed.' }).waitFor();
    await expect(notice.count()).resolves.toBe(0);
    expect((await getSubscription(owner)).cancelAtPeriodEnd).toBe(false);

    await page.getByRole('button', { name: 'Manage payment methods' }).click();
    await page.getByRole('heading', { name: 'Billing portal' }).waitFor();
    await page.getByRole('link', { name: 'Return' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plans' }).waitFor();

    const seen = await signedIn(browser, member);
    await seen.page.getByRole('combobox', { name: 'Organization' }).selectOption(owner.orgId);
    await seen.page.getByTestId('org-name').filter({ hasText: 'Cancel Co' }).waitFor();
    await openSection(seen.page, 'Plans');
    await expect(seen.page.getByTestId('subscription').getByTestId('plan-name').textContent()).resolves.toBe('Professional');
    await expect(seen.page.getByRole('button').filter({ hasText: /Cancel subscription|Resume|Manage payment|Change to|Upgrade to/ }).count()).resolves.toBe(0);
    await checkPage(seen.page, 'plans-member');
  });
});
