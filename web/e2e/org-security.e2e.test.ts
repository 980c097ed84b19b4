import { Secret, TOTP } from 'otpauth';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { newUser, type TestUser } from '../../infra/local/testing/users';
import { useConsoleBrowser } from '../../infra/local/testing/browser';
import { checkPage, expectAuditLog, literal, main, openSection, signedIn, signIn } from './org-steps';

/**
 * Access and security in a real browser (CONTRACT §7): an API key shown once, copied and revoked (the API then refuses
 * it), a license issued (shown once, validates) and revoked, TOTP turned on and a sign-in with it, and all of that in
 * the audit log, newest first. The harness fails a test on any console error or unexpected refusal; each step checks
 * the page against the API.
 */
jest.setTimeout(90_000);

const browser = useConsoleBrowser();
let owner: TestUser;

beforeAll(async () => {
  owner = await newUser({ name: 'Kim Owner', orgName: 'Keys Org' });
});

describe('console: API keys, licenses, two-step verification and the audit log', () => {
  it('creates an API key shown once, copies it, and revokes it: the API then refuses the key', async () => {
    const { page, context } = await signedIn(browser, owner);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(browser.consoleUrl).origin });
    await openSection(page, 'API keys');
    await main(page).getByText('No active keys yet.').waitFor();
    await checkPage(page, 'api-keys-empty');

    // Validation before sending: no name, no scope.
    await page.getByLabel(/read — /).uncheck();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Name the key').waitFor();
    await page.getByText('Choose at least one scope.').waitFor();

    await page.getByLabel('Name').fill('backend');
    await page.getByLabel(/read — /).check();
    await page.getByLabel(/usage:write — /).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret-value').textContent())!;
    expect(secret).toMatch(/^ak_/);
    await page.getByText('you will not see it again').waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    const clipboard = () => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText();
    expect(await page.evaluate(clipboard)).toBe(secret);
    await checkPage(page, 'api-keys-created');

    // The key works, and the list (without secrets) matches the API's.
    expect((await api(`/v1/orgs/${owner.orgId}/entitlements`, { token: secret })).status).toBe(200);
    const listed = (await api(`/v1/orgs/${owner.orgId}/api-keys`, { token: owner.token })).body.apiKeys;
    expect(listed).toEqual([expect.objectContaining({ name: 'backend', scopes: ['read', 'usage:write'], createdBy: { type: 'user', id: owner.userId } })]);
    expect(secret.startsWith(listed[0].prefix)).toBe(true);
    const row = page.getByRole('row', { name: /backend/ });
    await expect(row.textContent()).resolves.toContain(listed[0].prefix);
    await expect(row.textContent()).resolves.toContain(owner.email);

    // Shown once: after Done (or a reload) the secret is nowhere on the page.
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.getByRole('row', { name: /backend/ }).waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByText('The key “backend” is revoked.').waitFor();
    await main(page).getByText('No active keys yet.').waitFor();
    const refused = await eventually(() => api(`/v1/orgs/${owner.orgId}/entitlements`, { token: secret }), (r) => r.status === 401, 10_000);
    expect(refused.status).toBe(401);
  });


  it('issues a license whose key is shown once and validates, then revokes it', async () => {
    const { page } = await signedIn(browser, owner);
    await openSection(page, 'Licenses');
    await page.getByText('No licenses issued yet.').waitFor();
    await page.getByLabel('Maximum devices').fill('0');
    await page.getByRole('button', { name: 'Issue license' }).click();
    await page.getByText('A whole number from 1 to').waitFor();
    await page.getByLabel('Maximum devices').fill('2');
    await page.getByRole('button', { name: 'Issue license' }).click();
    const key = (await page.getByTestId('secret-value').textContent())!;
    const validate = () => api('/v1/licenses/validate', { body: { licenseKey: key, machineId: 'journey-laptop', version: '1.0.0' } });
    expect((await validate()).body).toEqual(expect.objectContaining({ valid: true, planId: 'explorer' }));
    await page.getByRole('button', { name: 'Done' }).click();
    const listed = (await api(`/v1/orgs/${owner.orgId}/licenses`, { token: owner.token })).body.licenses;
    expect(listed).toEqual([expect.objectContaining({ maxDevices: 2, devices: 1, status: 'active', expiresAt: null })]);
    const row = page.getByRole('row', { name: literal(listed[0].keyHint) });
    await page.reload();
    await row.getByText('1 / 2').waitFor();
    await row.getByText('active').waitFor();
    expect(await page.content()).not.toContain(key);
    await checkPage(page, 'licenses-admin');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText('revoked').waitFor();
    expect((await validate()).body).toEqual({ valid: false, reason: 'revoked' });
  });


  it('turns on TOTP, signs in with a code from the authenticator app, and turns it off with a code', async () => {
    const { page } = await signedIn(browser, owner);
    await page.getByRole('link', { name: owner.email }).click();
    await page.getByRole('heading', { level: 1, name: 'Account and security' }).waitFor();
    await page.getByText('Kim Owner').waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!;
    expect(await page.getByTestId('totp-uri').textContent()).toContain(`secret=${secret}`);
    await checkPage(page, 'account-totp-enrol');
    const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

    await page.getByLabel('Code from the app').fill('12');
    await page.getByRole('button', { name: 'Verify and turn on' }).click();
    await page.getByText('Enter the 6-digit code your app shows.').waitFor();
    await page.getByLabel('Code from the app').fill(app.generate());
    await page.getByRole('button', { name: 'Verify and turn on' }).click();
    await page.getByText('Two-step verification is on.').waitFor();
    await checkPage(page, 'account-totp-on');
    expect((await api('/v1/auth/login', { body: { email: owner.email, password: owner.password } })).body.challenge).toBe('totp');

    // Signed out once the refresh token is revoked (the next navigation would abort the call otherwise).
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/v1/auth/logout') && r.status() === 204), page.getByRole('button', { name: 'Sign out of Argus' }).click()]);
    await page.waitForURL(/\/console\/signin/);
    await signIn(page, owner, app);
    await checkPage(page, 'signed-in-with-totp');

    await page.getByRole('link', { name: owner.email }).click();
    await page.getByRole('button', { name: 'Turn off two-step verification' }).click();
    await page.getByLabel('Current code').fill(app.generate());
    await page.getByRole('button', { name: 'Turn off', exact: true }).click();
    await page.getByText('Two-step verification is off.').waitFor();
    const login = await api('/v1/auth/login', { body: { email: owner.email, password: owner.password } });
    expect(login.body).toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
  });


  it('reads the audit log: this journey’s actions, newest first, as the API lists them, filtered by action', async () => {
    const { page } = await signedIn(browser, owner);
    await expectAuditLog(page, owner, ['mfa.disabled', 'mfa.enabled', 'license.revoked', 'license.created', 'api_key.revoked', 'api_key.created', 'org.created']);
    await page.getByRole('row', { name: /mfa\.enabled/ }).getByText(owner.email).waitFor();
    await checkPage(page, 'audit-log');
    await page.getByLabel('Action').selectOption('api_key.created');
    await eventually(
      () => page.locator('table.audit tbody tr td:nth-child(3)').allTextContents(),
      (actions) => actions.length === 1 && actions[0] === 'api_key.created',
      10_000,
    );
    await page.getByRole('row', { name: /api_key\.created/ }).getByText('backend').waitFor();
  });
});
