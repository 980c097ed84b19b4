import { existsSync } from 'node:fs';
import path from 'node:path';
import { subscribe } from '../../infra/local/testing/billing';
import { useConsoleBrowser } from '../../infra/local/testing/browser';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { newUser } from '../../infra/local/testing/users';
import { checkPage, openSection, settle, signedIn, usd } from './billing-kit';

/**
 * The overview, spend-limit and invoice pages in headless Chromium against the console project's stack (CONTRACT §7,
 * issue #13): usage reported over the API moves the meter and the daily chart; a spend limit is set beside the upcoming
 * invoice; an invoice opens with its lines and Stripe's links (the credit pack bought through Checkout is in
 * billing-checkout). What the page shows is compared with what the API answers.
 */
jest.setTimeout(90_000);

describe('console: usage, spend limit, invoices', () => {
  const browser = useConsoleBrowser();

  it('moves the meter and the daily chart when usage is reported over the API', async () => {
    const user = await newUser({ orgName: 'Usage Co' });
    const { page } = await signedIn(browser, user);
    const meter = page.locator('[data-metric="api_calls"]');
    await expect(meter.getByTestId('used').textContent()).resolves.toBe('0');
    await page.getByRole('combobox', { name: 'Metric' }).selectOption('api_calls');
    await page.getByText(/Daily api_calls from .*: 0 calls in total/).waitFor();
    await checkPage(page, 'overview-before-usage');

    const reported = await api('/v1/usage', { token: user.token, body: { events: [{ id: `journey-${user.orgId}-1`, orgId: user.orgId, metric: 'api_calls', quantity: 640 }] } });
    expect(reported.status).toBe(202);
    expect(reported.body.accepted).toBe(1);
    const calls = (m: { metric: string }) => m.metric === 'api_calls';
    const usage = await eventually(() => api(`/v1/orgs/${user.orgId}/usage`, { token: user.token }), (r) => r.body.metrics.find(calls).used === 640);
    const series = await api(`/v1/orgs/${user.orgId}/usage/api_calls`, { token: user.token });
    expect(series.body.total).toBe(640);

    await page.reload();
    await settle(page);
    await expect(meter.getByTestId('used').textContent()).resolves.toBe('640');
    await expect(meter.getByTestId('percent').textContent()).resolves.toBe(`${usage.body.metrics.find(calls).percent}%`);
    await expect(meter.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe(String(usage.body.metrics.find(calls).percent));
    await page.getByRole('combobox', { name: 'Metric' }).selectOption('api_calls');
    await page.getByText(`: ${series.body.total} calls in total`, { exact: false }).waitFor();
    const day = series.body.series.find((d: { value: number }) => d.value > 0);
    const dayName = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day.start));
    await expect(page.getByRole('table', { name: 'Daily api_calls' }).getByRole('row', { name: `${dayName} 640` }).count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="daily-chart"] canvas').count()).resolves.toBeGreaterThan(0);
    await checkPage(page, 'overview-after-usage');
  });

  // The spend-limit routes are built on another branch (wip-holds): this journey runs once they are merged.
  const withSpendLimitRoute = existsSync(path.join(__dirname, '..', '..', 'functions', 'spend-limit-get', 'handler.ts')) ? it : it.skip;

  withSpendLimitRoute('sets a spend limit (checked before sending) beside the upcoming invoice, then removes it', async () => {
    const user = await newUser({ orgName: 'Limit Co' });
    await subscribe(user, 'professional');
    const { page } = await signedIn(browser, user);
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    await openSection(page, 'Spend limit');
    await page.getByText('No limit').waitFor();
    const upcoming = await api(`/v1/orgs/${user.orgId}/invoices/upcoming`, { token: user.token });
    await expect(page.getByTestId('upcoming-amount').textContent()).resolves.toBe(usd(upcoming.body.amountDue));

    const input = page.getByLabel('New limit (USD)');
    await input.fill('12.345');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await page.getByText('Enter an amount such as 250.00.').waitFor();
    expect(puts).toEqual([]);
    await input.fill('250');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await page.getByRole('status').filter({ hasText: 'Limit set to $250.00.' }).waitFor();
    expect((await api(`/v1/orgs/${user.orgId}/spend-limit`, { token: user.token })).body).toEqual({ monthlyOverage: { amount: 25_000, currency: 'usd' } });
    await expect(page.getByTestId('spend-limit').textContent()).resolves.toContain('$250.00');
    await checkPage(page, 'spend-limit-set');

    await page.getByRole('button', { name: 'Remove limit' }).click();
    await page.getByRole('status').filter({ hasText: 'The limit was removed.' }).waitFor();
    expect((await api(`/v1/orgs/${user.orgId}/spend-limit`, { token: user.token })).body).toEqual({ monthlyOverage: null });
  });

  it('opens an invoice from the list with its amounts, lines and Stripe links, below the upcoming invoice', async () => {
    const user = await newUser({ orgName: 'Invoice Co' });
    await subscribe(user, 'professional');
    const listed = await eventually(() => api(`/v1/orgs/${user.orgId}/invoices`, { token: user.token }), (r) => r.status === 200 && r.body.invoices.some((i: { status: string }) => i.status === 'paid'));
    const { page } = await signedIn(browser, user);
    await openSection(page, 'Invoices');
    const upcoming = await api(`/v1/orgs/${user.orgId}/invoices/upcoming`, { token: user.token });
    await expect(page.getByTestId('upcoming-amount').textContent()).resolves.toBe(usd(upcoming.body.amountDue));
    const issued = page.getByRole('table', { name: 'Issued invoices, newest first' });
    await expect(issued.getByRole('row').count()).resolves.toBe(listed.body.invoices.length + 1);
    await checkPage(page, 'invoices');

    const first = listed.body.invoices[0];
    await issued.getByRole('link', { name: first.number ?? first.id }).click();
    await page.getByRole('heading', { level: 1, name: `Invoice ${first.number ?? first.id}` }).waitFor();
    await settle(page);
    const detail = await api(`/v1/orgs/${user.orgId}/invoices/${first.id}`, { token: user.token });
    await expect(page.getByTestId('invoice-amount-due').textContent()).resolves.toBe(usd(detail.body.amountDue));
    await expect(page.getByRole('table', { name: /^Lines of invoice/ }).getByRole('row').count()).resolves.toBe(detail.body.lines.length + 1);
    expect(detail.body.hostedInvoiceUrl).toBeTruthy();
    await expect(page.getByRole('link', { name: /View on Stripe/ }).getAttribute('href')).resolves.toBe(detail.body.hostedInvoiceUrl);
    if (detail.body.invoicePdfUrl) await expect(page.getByRole('link', { name: /Download PDF/ }).getAttribute('href')).resolves.toBe(detail.body.invoicePdfUrl);
    await checkPage(page, 'invoice');
  });
});
