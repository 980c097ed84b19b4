import { useConsoleBrowser } from '../../infra/local/testing/browser';
import { api } from '../../infra/local/testing/local-stack';
import { latestCode } from '../../infra/local/testing/mail';
import { newUser, TEST_PASSWORD, uniqueEmail } from '../../infra/local/testing/users';
import { checkPage, signedIn } from './billing-kit';

/**
 * The sign-up, confirm and password-reset pages in headless Chromium (CONTRACT §7): sign up → confirm with the
 * mailed code → sign in, all on the pages; the forms check what they can before sending (password rules shown),
 * confirm resends the code, and a reset with the mailed code (read from
 * `/_local/mail`) makes the new password the one that works.
 */
jest.setTimeout(90_000);

describe('console: sign-up checks, confirm, password reset', () => {
  const browser = useConsoleBrowser();

  it('shows the password rules on sign-up and refuses a weak password or a bad email before sending anything', async () => {
    const { page } = await browser.open('signup');
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short1');
    await expect(page.getByText('A digit').textContent()).resolves.toContain('(met)');
    await expect(page.getByText('An uppercase letter').textContent()).resolves.toContain('(not yet)');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter your email address.').waitFor();
    await page.getByText('The password needs: at least 8 characters.').waitFor();
    expect(posts).toEqual([]);
    await checkPage(page, 'sign-up-invalid');
  });

  it('signs up on the page, confirms with the mailed code on the confirm page and signs in to the new org', async () => {
    const email = uniqueEmail('pages');
    const { page } = await browser.open('signup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByLabel('Your name (optional)').fill('Ada Pages');
    await page.getByLabel('Organization name (optional)').fill('Pages Co');
    const asked = new Date().toISOString();
    await page.getByRole('button', { name: 'Create account' }).click();
    // This stack confirms by code (as deployed stages do): the answer is `confirmed: false`, so the confirm page is next.
    await page.getByRole('heading', { level: 1, name: 'Confirm your email' }).waitFor();
    expect(new URL(page.url()).searchParams.get('email')).toBe(email);
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(email);
    await page.getByLabel('Confirmation code').fill(await latestCode(email, /confirm/i, asked));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Your email is confirmed. Sign in to continue.').waitFor();
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/overview$/);
    await page.getByTestId('org-name').filter({ hasText: 'Pages Co' }).waitFor();
    await checkPage(page, 'overview-new-account');
  });

  it('takes the email from the confirm link, asks for the code before sending, and sends a new code on request', async () => {
    const { page } = await browser.open(`confirm?email=${encodeURIComponent('someone@example.test')}`);
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('someone@example.test');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Enter the code from the email.').waitFor();
    expect(posts).toEqual([]);
    await page.getByRole('button', { name: 'Send the code again' }).click();
    await page.getByRole('status').filter({ hasText: 'a new code is on its way' }).waitFor();
    expect(posts).toEqual(['/v1/auth/resend-code']);
    await checkPage(page, 'confirm');
  });

  it('resets a forgotten password with the mailed code; the new password signs in, the old one no longer does', async () => {
    const user = await newUser({ orgName: 'Reset Co' });
    const { page } = await browser.open('signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await checkPage(page, 'forgot-password');
    const asked = new Date().toISOString();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset code' }).click();
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await checkPage(page, 'forgot-password-code');

    await page.getByLabel('Reset code').fill(await latestCode(user.email, /reset/i, asked));
    await page.getByLabel('New password').fill('Another-Horse-7');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password was changed. Sign in with the new one.').waitFor();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(user.email);
    expect((await api('/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);

    const again = await signedIn(browser, { email: user.email, password: 'Another-Horse-7' });
    await again.page.getByTestId('org-name').filter({ hasText: 'Reset Co' }).waitFor();
  });
});
