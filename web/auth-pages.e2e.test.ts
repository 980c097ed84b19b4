/**
 * The auth pages (sign-up checks, confirm, password reset) in a real Chromium against the local stack (CONTRACT §7): the
 * sign-up page shows the password rules and refuses a weak password before sending; "forgot your password" mails a
 * code (read from `/_local/mail`), the new password works and the old one no longer does.
 */
import type { Browser } from 'playwright-core';
import { api } from '../infra/local/testing/local-stack';
import { latestCode } from '../infra/local/testing/mail';
import { checkPage, confirmedUser, consoleUrl, launchBrowser, signedIn } from './billing-journey-kit';

jest.setTimeout(60_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('the sign-up form shows the password rules and refuses a weak password before sending anything', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
  await page.goto(`${consoleUrl()}/signup`);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short1');
  await expect(page.getByText('A digit').textContent()).resolves.toContain('(met)');
  await expect(page.getByText('An uppercase letter').textContent()).resolves.toContain('(not yet)');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Enter your email address.').waitFor();
  await page.getByText('The password needs: at least 8 characters.').waitFor();
  expect(posts).toEqual([]);
  expect(await checkPage(page, 'sign-up-invalid')).toEqual([]);
  await context.close();
});

test('the confirm page takes the email from the link, checks the code is there and sends a new one on request', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));
  await page.goto(`${consoleUrl()}/confirm?email=${encodeURIComponent('someone@example.test')}`);
  await expect(page.getByLabel('Email').inputValue()).resolves.toBe('someone@example.test');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByText('Enter the code from the email.').waitFor();
  expect(posts).toEqual([]);
  await page.getByRole('button', { name: 'Send the code again' }).click();
  await page.getByRole('status').filter({ hasText: 'a new code is on its way' }).waitFor();
  expect(posts).toEqual(['/v1/auth/resend-code']);
  expect(await checkPage(page, 'confirm')).toEqual([]);
  await context.close();
});

test('a user resets a forgotten password with the mailed code and signs in with the new one', async () => {
  const user = await confirmedUser('Reset Co');
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  await page.goto(`${consoleUrl()}/signin`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
  expect(await checkPage(page, 'forgot-password')).toEqual([]);
  const asked = new Date().toISOString();
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('button', { name: 'Send reset code' }).click();
  await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
  expect(await checkPage(page, 'forgot-password-code')).toEqual([]);

  const code = await latestCode(user.email, /reset/i, asked);
  await page.getByLabel('Reset code').fill(code);
  await page.getByLabel('New password').fill('Another-Horse-7');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.getByText('Your password was changed. Sign in with the new one.').waitFor();
  await expect(page.getByLabel('Email').inputValue()).resolves.toBe(user.email);
  expect((await api('/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
  expect(problems).toEqual([]);
  await context.close();

  const again = await signedIn(browser, { email: user.email, password: 'Another-Horse-7' });
  await again.page.getByRole('heading', { level: 1, name: 'Reset Co' }).waitFor();
  expect(again.problems).toEqual([]);
  await again.context.close();
});
