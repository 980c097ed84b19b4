import { getSubscription } from '../../infra/local/testing/billing';
import { useConsoleBrowser } from '../../infra/local/testing/browser';
import { api } from '../../infra/local/testing/local-stack';
import { newUser } from '../../infra/local/testing/users';
import { checkPage, openSection, payOnCheckoutPage, signedIn } from './billing-kit';

/**
 * Stripe Checkout from the console in headless Chromium against the console project's stack (CONTRACT §7, issue #13):
 * the page sends the person to the hosted page, the emulator's Pay button pays and returns to the console, which
 * waits for the webhook and shows the result: the plan upgraded to Professional; a credit pack's balance.
 */
jest.setTimeout(90_000);

describe('console: Checkout', () => {
  const browser = useConsoleBrowser();

  it('upgrades to Professional through Checkout: Pay on the hosted page, back on the console the plan has changed', async () => {
    const user = await newUser({ orgName: 'Upgrade Co' });
    const { page } = await signedIn(browser, user);
    await openSection(page, 'Plans');
    const current = page.getByTestId('subscription');
    await expect(current.getByTestId('plan-name').textContent()).resolves.toBe('Explorer');
    await checkPage(page, 'plans-explorer');

    await page.getByRole('radio', { name: 'Monthly' }).check();
    await page.getByRole('button', { name: 'Upgrade to Professional' }).click();
    await payOnCheckoutPage(page);

    // Back from Checkout, the page waits for the webhook to apply the subscription, then shows it.
    await page.getByRole('status').filter({ hasText: 'Your organization is now on Professional' }).waitFor();
    await expect(current.getByTestId('plan-name').textContent()).resolves.toBe('Professional');
    expect((await getSubscription(user)).planId).toBe('professional');
    await expect(page.locator('[data-plan="professional"]').getByText('Current plan').count()).resolves.toBe(1);
    await checkPage(page, 'plans-after-checkout');

    await openSection(page, 'Overview');
    await expect(page.getByTestId('plan-name').textContent()).resolves.toBe('Professional');
  });

  it('buys a credit pack through Checkout and shows the balance grown by it', async () => {
    const user = await newUser({ orgName: 'Credits Co' });
    const { page } = await signedIn(browser, user);
    await openSection(page, 'Credits');
    await page.getByText('No grants yet.').waitFor();
    await expect(page.getByTestId('balance-llm_tokens').textContent()).resolves.toBe('0');
    await checkPage(page, 'credits-empty');

    await page.getByRole('combobox', { name: 'Credit pack' }).selectOption('tokens_1m');
    await page.getByLabel('Packs').fill('0');
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await page.getByText('Enter a whole number from 1 to 100.').waitFor();
    await page.getByLabel('Packs').fill('2');
    await page.getByText('2,000,000 llm_tokens for $20.00').waitFor();
    await page.getByRole('button', { name: 'Buy with Stripe' }).click();
    await payOnCheckoutPage(page);

    await page.getByRole('status').filter({ hasText: '2,000,000 llm_tokens credits were added.' }).waitFor();
    const credits = await api(`/v1/orgs/${user.orgId}/credits`, { token: user.token });
    expect(credits.body.balances.llm_tokens).toBe(2_000_000);
    await expect(page.getByTestId('balance-llm_tokens').textContent()).resolves.toBe('2,000,000');
    const grants = page.getByRole('table', { name: 'Credit grants' });
    await expect(grants.getByRole('row').count()).resolves.toBe(credits.body.grants.length + 1);
    await expect(grants.getByRole('row', { name: /llm_tokens Purchase 2,000,000 2,000,000/ }).count()).resolves.toBe(1);
    await checkPage(page, 'credits-after-purchase');
  });
});
