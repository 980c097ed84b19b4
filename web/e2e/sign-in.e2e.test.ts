import { atPhoneWidth, checkA11y, screenshot, signInAs, useConsoleBrowser } from '../../infra/local/testing/browser';
import { newUser, signUp, TEST_PASSWORD } from '../../infra/local/testing/users';

/**
 * Signing in through the console, in headless Chromium against the console project's stack (which confirms sign-ups
 * by mailed code). The harness fails each test on any console error, page error or unexpected failed request.
 */
describe('console: sign-in', () => {
  const browser = useConsoleBrowser();

  it('sends a signed-out visitor from any page to sign-in, which is accessible and fits a phone', async () => {
    const { page } = await browser.open('orgs/org_x/invoices');
    await page.getByRole('heading', { name: 'Sign in to Argus' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/orgs/org_x/invoices');
    await checkA11y(page, 'sign-in');
    await atPhoneWidth(page);
    await screenshot(page, 'sign-in-390px');
  });

  it('signs in an account confirmed with its mailed code and lands on the org overview; a wrong password is refused on the page', async () => {
    const account = await signUp(); // over the API (sign-up, code from /_local/mail, confirm); on the pages: auth-pages.e2e.test.ts
    const { page, expectRefusal } = await browser.open('signin');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill('Wrong-Horse-1');
    await expectRefusal(401, () => page.getByRole('button', { name: 'Sign in' }).click());
    await page.getByRole('alert').waitFor();

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/console/orgs/${account.orgId}/overview`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await checkA11y(page, 'overview');
    await screenshot(page, 'overview');
  });

  it('goes back where a signed-out visitor was headed after signing in (signInAs, the helper journeys start with)', async () => {
    const user = await newUser();
    const tab = await browser.open();
    await signInAs(tab, user, `/orgs/${user.orgId}/members`);
    expect(new URL(tab.page.url()).pathname).toBe(`/console/orgs/${user.orgId}/members`);
    await tab.page.getByRole('heading', { name: 'Members' }).waitFor();
    await atPhoneWidth(tab.page);
  });
});
