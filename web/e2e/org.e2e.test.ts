import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { atPhoneWidth, checkA11y, screenshot, useConsoleBrowser, type ConsolePage } from '../../infra/local/testing/browser';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { newUser, type TestUser } from '../../infra/local/testing/users';

/**
 * Journeys of an org's people in a real browser (CONTRACT §7): API keys (shown once, revoked → 401), inviting a second
 * user who accepts in their own browser context, what a member does not see, licenses, roles and leaving, TOTP on and
 * a sign-in with it, and the audit log of all that, newest first. One browser for the file, a context per person and
 * test (the harness closes them after each test and fails it on any console error or unexpected refusal); each step
 * checks the page against the API.
 */
jest.setTimeout(120_000);

const browser = useConsoleBrowser();
let owner: TestUser;
let member: TestUser;
/** The owner's authenticator app, once TOTP is on. */
let ownerApp: TOTP | undefined;

beforeAll(async () => {
  [owner, member] = await Promise.all([newUser({ name: 'Alice Owner', orgName: 'Journey Org' }), newUser({ name: 'Bob Member' })]);
});

const sections = (page: Page) => page.getByRole('navigation', { name: 'Organization sections' });
const main = (page: Page) => page.locator('main');
/** A pattern matching `text` as written. */
const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** A person's own browser context, signed in on the sign-in page (with a code from their app when TOTP is on). */
async function signedIn(user: TestUser, app?: TOTP): Promise<ConsolePage> {
  const tab = await browser.open('signin');
  await signIn(tab.page, user, app);
  return tab;
}

async function signIn(page: Page, user: TestUser, app?: TOTP): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (app) {
    await page.getByLabel('Authentication code').fill(app.generate());
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await page.waitForURL(/\/console\/orgs\/[^/]+\/overview$/);
}

async function openSection(page: Page, name: string): Promise<void> {
  await sections(page).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Every visited page: axe finds no serious or critical issue, it fits 390 px, and a screenshot at both widths. */
async function checkPage(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await screenshot(page, name);
  const size = page.viewportSize();
  await atPhoneWidth(page);
  await screenshot(page, `${name}-390px`);
  if (size) await page.setViewportSize(size);
}

describe('the org’s people in the console', () => {
  it('creates an API key shown once, copies it, and revokes it: the API then refuses the key', async () => {
    const { page, context } = await signedIn(owner);
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

  it('invites a second user, who signs in in their own browser and accepts on the invitations page', async () => {
    const { page } = await signedIn(owner);
    await openSection(page, 'Members');
    await page.getByText('Seats: 1 used of').waitFor();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Enter the email address to invite.').waitFor();
    await page.getByLabel('Email').fill(member.email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${member.email}`).waitFor();
    await page.getByRole('row', { name: literal(member.email) }).waitFor();
    const pending = (await api(`/v1/orgs/${owner.orgId}/invitations`, { token: owner.token })).body.invitations;
    expect(pending).toEqual([expect.objectContaining({ email: member.email, role: 'member' })]);
    await checkPage(page, 'members-invited');

    const b = (await signedIn(member)).page;
    await b.getByRole('link', { name: 'Invitations' }).click();
    await b.getByRole('heading', { level: 2, name: 'Journey Org' }).waitFor();
    await checkPage(b, 'invitations');
    await b.getByRole('button', { name: 'Accept the invitation to Journey Org' }).click();
    await b.waitForURL(new RegExp(`/console/orgs/${owner.orgId}/overview$`));
    await expect(b.getByLabel('Organization', { exact: true }).inputValue()).resolves.toBe(owner.orgId);

    const apiMembers = (await api(`/v1/orgs/${owner.orgId}/members`, { token: owner.token })).body.members;
    expect(apiMembers.map((m: { email: string; role: string }) => [m.email, m.role]).sort()).toEqual([[owner.email, 'owner'], [member.email, 'member']].sort());
    await page.reload();
    await page.getByRole('row', { name: literal(member.email) }).waitFor();
    const seats = (await api(`/v1/orgs/${owner.orgId}`, { token: owner.token })).body.seats;
    await page.getByText(`Seats: ${seats.used} used of`).waitFor();
    expect(seats.used).toBe(2);
    await page.getByText('No pending invitations.').waitFor();
  });

  it('shows a member no admin actions', async () => {
    const b = (await signedIn(member)).page;
    await b.getByLabel('Organization', { exact: true }).selectOption(owner.orgId);
    await b.waitForURL(new RegExp(`/console/orgs/${owner.orgId}/overview$`));
    const nav = sections(b);
    await nav.getByRole('link', { name: 'Members', exact: true }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).not.toEqual(expect.arrayContaining(['API keys']));
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);

    await openSection(b, 'Members');
    await b.getByRole('row', { name: literal(owner.email) }).waitFor();
    for (const control of [b.getByRole('heading', { name: 'Invite someone' }), b.getByRole('button', { name: /Remove|Change role|Send invitation|Withdraw/ }), b.getByLabel(/^Role of /)]) {
      expect(await control.count()).toBe(0);
    }
    // The API agrees: a member may not invite.
    expect((await api(`/v1/orgs/${owner.orgId}/invitations`, { token: member.token, body: { email: 'x@example.test', role: 'member' } })).status).toBe(403);
    await b.getByRole('button', { name: 'Leave organization' }).waitFor();
    await checkPage(b, 'members-as-member');

    await openSection(b, 'Licenses');
    await b.getByText('No licenses issued yet.').waitFor();
    expect(await b.getByRole('heading', { name: 'Issue a license' }).count()).toBe(0);
    await checkPage(b, 'licenses-as-member');

    await openSection(b, 'Plans');
    // Give the plans page time to load whatever it shows, then look for any upgrade or change control.
    await b.waitForLoadState('networkidle');
    expect(await main(b).getByRole('button', { name: /upgrade|change|subscribe|choose|cancel|resume|checkout|portal/i }).count()).toBe(0);

    // Admin pages are not there for a member, even by URL.
    await b.goto(`${browser.consoleUrl}orgs/${owner.orgId}/api-keys`);
    await b.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    await b.goto(`${browser.consoleUrl}orgs/${owner.orgId}/audit-log`);
    await b.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  });

  it('issues a license whose key is shown once and validates, then revokes it', async () => {
    const { page } = await signedIn(owner);
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

  it('makes the member an admin, who then sees the admin pages, leaves, and creates an org of their own', async () => {
    const { page } = await signedIn(owner);
    const b = (await signedIn(member)).page;
    await b.getByLabel('Organization', { exact: true }).selectOption(owner.orgId);
    await b.waitForURL(new RegExp(`/console/orgs/${owner.orgId}/overview$`));
    await openSection(page, 'Members');
    await page.getByLabel(`Role of ${member.email}`).selectOption('admin');
    await page.getByRole('button', { name: 'Change role' }).click();
    await page.getByText(`${member.email} is now an admin.`).waitFor();
    const roles = (await api(`/v1/orgs/${owner.orgId}/members`, { token: owner.token })).body.members.map((m: { email: string; role: string }) => m.role);
    expect(roles.sort()).toEqual(['admin', 'owner']);
    // An admin may not take the owner's role: no control for the owner's row.
    await b.reload();
    await sections(b).getByRole('link', { name: 'API keys' }).waitFor();
    await openSection(b, 'Members');
    await b.getByLabel(`Role of ${member.email}`).waitFor();
    expect(await b.getByLabel(`Role of ${owner.email}`).count()).toBe(0);
    expect(await b.getByLabel(`Role of ${member.email}`).locator('option').allTextContents()).toEqual(['admin', 'member']);

    await b.getByRole('button', { name: 'Leave organization' }).click();
    await b.getByRole('button', { name: 'Yes, leave' }).click();
    await b.waitForURL(new RegExp(`/console/orgs/${member.orgId}/overview$`));
    const left = (await api(`/v1/orgs/${owner.orgId}/members`, { token: owner.token })).body.members;
    expect(left.map((m: { email: string }) => m.email)).toEqual([owner.email]);

    await b.getByRole('link', { name: member.email }).click();
    await b.getByRole('heading', { level: 1, name: 'Account and security' }).waitFor();
    await checkPage(b, 'account');
    await b.getByRole('link', { name: 'Create an organization' }).click();
    await b.getByRole('heading', { level: 1, name: 'New organization' }).waitFor();
    await b.getByRole('button', { name: 'Create organization' }).click();
    await b.getByText('Name the organization.').waitFor();
    await checkPage(b, 'new-org');
    await b.getByLabel('Organization name').fill('Bob Labs');
    await b.getByRole('button', { name: 'Create organization' }).click();
    await b.waitForURL(/\/console\/orgs\/[^/]+\/overview$/);
    const orgs = (await api('/v1/me', { token: member.token })).body.orgs as { id: string; name: string; role: string }[];
    const labs = orgs.find((o) => o.name === 'Bob Labs');
    expect(labs).toEqual(expect.objectContaining({ role: 'owner' }));
    expect(b.url()).toContain(`/orgs/${labs!.id}/overview`);
    await expect(b.getByLabel('Organization', { exact: true }).inputValue()).resolves.toBe(labs!.id);
  });

  it('turns on TOTP, then signs in with a code from the authenticator app', async () => {
    const { page } = await signedIn(owner);
    await page.getByRole('link', { name: owner.email }).click();
    await page.getByRole('heading', { level: 1, name: 'Account and security' }).waitFor();
    await page.getByText('Alice Owner').waitFor();
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
    ownerApp = app;
    await checkPage(page, 'signed-in-with-totp');
  });

  it('reads the audit log: this journey’s actions, newest first, as the API lists them', async () => {
    const { page } = await signedIn(owner, ownerApp);
    await openSection(page, 'Audit log');
    await page.getByRole('row', { name: /mfa\.enabled/ }).waitFor();
    const entries = (await api(`/v1/orgs/${owner.orgId}/audit-log`, { token: owner.token })).body.entries as { action: string }[];
    const shown = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
    expect(shown).toEqual(entries.map((e) => e.action));
    // Newest first: each action of the journey after (below) the one that followed it.
    const journey = ['mfa.enabled', 'member.removed', 'member.role_changed', 'license.revoked', 'license.created', 'member.joined', 'member.invited', 'api_key.revoked', 'api_key.created', 'org.created'];
    const positions = journey.map((a) => shown.indexOf(a));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    await page.getByRole('row', { name: new RegExp(`mfa\\.enabled`) }).getByText(owner.email).waitFor();
    await checkPage(page, 'audit-log');

    await page.getByLabel('Action').selectOption('api_key.created');
    await eventually(
      () => page.locator('table.audit tbody tr td:nth-child(3)').allTextContents(),
      (actions) => actions.length > 0 && actions.every((a) => a === 'api_key.created'),
      10_000,
    );
    await page.getByRole('row', { name: /api_key\.created/ }).getByText('backend').waitFor();
  });
});
