import { api, eventually } from '../../infra/local/testing/local-stack';
import { newUser, type TestUser } from '../../infra/local/testing/users';
import { useConsoleBrowser } from '../../infra/local/testing/browser';
import { checkPage, expectAuditLog, literal, main, openSection, sections, signedIn, switchOrg } from './org-steps';

/**
 * An org's people in a real browser (CONTRACT §7): a second user invited, who accepts in their own browser context;
 * what a member does not see; a role change, leaving and a new org; the audit log of all that, newest first. A
 * context per person and test; the harness fails a test on any console error or unexpected refusal; each step checks
 * the page against the API.
 */
jest.setTimeout(90_000);

const browser = useConsoleBrowser();
let owner: TestUser;
let member: TestUser;

beforeAll(async () => {
  [owner, member] = await Promise.all([newUser({ name: 'Alice Owner', orgName: 'Journey Org' }), newUser({ name: 'Bob Member' })]);
});

describe('console: members, invitations and account security', () => {
  it('invites a second user, who signs in in their own browser and accepts on the invitations page', async () => {
    const { page } = await signedIn(browser, owner);
    await openSection(page, 'Members');
    await page.getByText('Seats: 1 used of').waitFor();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Enter the email address to invite.').waitFor();
    // An invitation sent to the wrong address is withdrawn (after a confirm step).
    const typo = `typo-${member.email}`;
    await page.getByLabel('Email').fill(typo);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const typoRow = page.getByRole('row', { name: literal(typo) });
    await typoRow.getByRole('button', { name: 'Withdraw' }).click();
    await typoRow.getByRole('button', { name: 'Yes, withdraw' }).click();
    await page.getByText(`The invitation to ${typo} was withdrawn.`).waitFor();
    await page.getByText('No pending invitations.').waitFor();
    expect((await api(`/v1/orgs/${owner.orgId}/invitations`, { token: owner.token })).body.invitations).toEqual([]);
    await page.getByLabel('Email').fill(member.email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${member.email}`).waitFor();
    await page.getByRole('row', { name: literal(member.email) }).waitFor();
    const pending = (await api(`/v1/orgs/${owner.orgId}/invitations`, { token: owner.token })).body.invitations;
    expect(pending).toEqual([expect.objectContaining({ email: member.email, role: 'member' })]);
    await checkPage(page, 'members-invited');

    const b = (await signedIn(browser, member)).page;
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
    const b = (await signedIn(browser, member)).page;
    await switchOrg(b, owner.orgId);
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


  it('makes the member an admin, who then sees the admin pages, leaves, and creates an org of their own', async () => {
    const { page } = await signedIn(browser, owner);
    const b = (await signedIn(browser, member)).page;
    await switchOrg(b, owner.orgId);
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


  it('reads the audit log: this journey’s actions, newest first, as the API lists them', async () => {
    const { page } = await signedIn(browser, owner);
    await expectAuditLog(page, owner, ['member.removed', 'member.role_changed', 'member.joined', 'member.invited', 'org.created']);
    await page.getByRole('row', { name: /member\.role_changed/ }).getByText(owner.email).waitFor();
    await checkPage(page, 'audit-log-members');
    await page.getByLabel('Action').selectOption('member.invited');
    // Two invitations: the member's (newest) and the withdrawn one to the typo.
    const filtered = await eventually(() => page.locator('table.audit tbody tr').allTextContents(), (rows) => rows.length === 2 && rows.every((r) => r.includes('member.invited')), 10_000);
    expect(filtered).toEqual([expect.stringContaining(`email${member.email}`), expect.stringContaining(`email${`typo-${member.email}`}`)]);
  });
});
