import { createHmac, createHash } from 'node:crypto';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { successResponses } from '../../infra/openapi/responses';
import { routes } from '../../infra/routes';
import { checkoutUrls, stripeControl, waitForSubscription, withoutTrial } from '../../infra/local/testing/billing';
import { latestCode } from '../../infra/local/testing/mail';
import { eventually, localStack, TEST_CLIENT_IP } from '../../infra/local/testing/local-stack';
import { newUser, serviceApiKey, TEST_PASSWORD, uniqueEmail, type TestUser } from '../../infra/local/testing/users';
import { matchRoute } from '../http/route-match';
import { ArgusClient } from './argus-client';
import { createArgusRpcClients } from './argus-rpc-client';
import { ArgusAuthClient, type AuthTokens, type MfaChallenge } from './auth-client';
import { ROUTE_METHODS } from './route-methods';

/**
 * Every route of the route table, called through the typed clients (route-methods.ts) against the local stack: each
 * answers its documented success status (infra/openapi/responses.ts), never a 5xx. A fetch wrapper records what each
 * HTTP call answered, by route (the Connect clients speak node:http, so their calls are recorded on success); the last
 * test checks the record, so it runs after the others (Jest runs a file's tests in order).
 */
const seen = new Map<string, number[]>();

function record(routeKey: string, status: number) {
  seen.set(routeKey, [...(seen.get(routeKey) ?? []), status]);
}

const recordingFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('x-forwarded-for', TEST_CLIENT_IP);
  const res = await fetch(input, { ...init, headers });
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const match = matchRoute(init?.method ?? 'GET', url.pathname);
  if (match.route && url.origin === new URL(localStack().apiUrl).origin) record(match.route.routeKey, res.status);
  return res;
};

const clientFor = (token: string) => new ArgusClient({ baseUrl: localStack().apiUrl, token, fetch: recordingFetch, timeoutMs: 30_000 });
const authClient = () => new ArgusAuthClient({ baseUrl: localStack().apiUrl, fetch: recordingFetch, timeoutMs: 30_000 });
const asUser = (user: { token: string }) => clientFor(user.token);

function authenticator(secret: string) {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
}

/** Stripe's signature scheme (t=…,v1=HMAC-SHA256 of `t.payload`) with the local stack's webhook secret. */
function stripeSignature(payload: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', localStack().stripe.webhookSecret).update(`${t}.${payload}`).digest('hex')}`;
}

async function unconfirmedAccount(): Promise<string> {
  const { cognito, region, credentials } = localStack();
  const client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region, credentials });
  const email = uniqueEmail('client-confirm');
  await client.send(new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: TEST_PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
  client.destroy();
  return email;
}

describe('the typed client against every route of the route table', () => {
  let owner: TestUser;
  let payer: TestUser;

  beforeAll(async () => {
    [owner, payer] = await Promise.all([newUser(), newUser()]);
  }, 60_000);

  it('sign-in side: sign-up, confirm, login, refresh, logout, password reset, MFA', async () => {
    const auth = authClient();
    const email = uniqueEmail('client');
    const signed = await auth.signUp({ email, password: TEST_PASSWORD, orgName: 'Client Co' });
    expect(signed).toEqual(expect.objectContaining({ email, confirmed: true, orgId: expect.any(String) }));
    const tokens = (await auth.login(email, TEST_PASSWORD)) as AuthTokens;
    expect((await auth.refresh(tokens.refreshToken)).tokenType).toBe('Bearer');
    await auth.logout(tokens.refreshToken);

    const unconfirmed = await unconfirmedAccount();
    const asked = new Date().toISOString();
    await auth.resendCode(unconfirmed);
    await auth.confirm(unconfirmed, await latestCode(unconfirmed, /code|confirm|verif/i, asked));

    const resetAsked = new Date().toISOString();
    await auth.forgotPassword(email);
    await auth.resetPassword(email, await latestCode(email, /reset/i, resetAsked), 'Brand-New-Pass-7');

    const mfa = (await auth.login(email, 'Brand-New-Pass-7')) as AuthTokens;
    const app = authenticator((await auth.startTotp(mfa.accessToken)).secret);
    expect(await auth.verifyTotp(mfa.accessToken, app.generate())).toEqual({ enabled: true });
    const challenge = (await auth.login(email, 'Brand-New-Pass-7')) as MfaChallenge;
    expect(challenge).toEqual({ challenge: 'totp', session: expect.any(String) });
    const signedIn = await auth.completeMfa(email, challenge.session, app.generate());
    await auth.disableMfa(signedIn.accessToken, app.generate());
  }, 120_000);

  it('identity, members, invitations, keys, licenses, quotas, holds, credits, usage, audit, MCP, RPC', async () => {
    const client = asUser(owner);
    expect(await clientFor('').health()).toEqual({ status: 'ok' });
    expect((await client.plans()).plans.length).toBeGreaterThan(0);
    expect((await client.me()).id).toBe(owner.userId);
    expect((await client.createOrg('Second')).id).toMatch(/^org_/);
    expect((await client.org(owner.orgId)).id).toBe(owner.orgId);

    const [joiner, decliner] = await Promise.all([newUser(), newUser()]);
    const invitation = await client.invite(owner.orgId, joiner.email, 'member');
    expect((await asUser(joiner).myInvitations()).invitations.map((i) => i.id)).toContain(invitation.id);
    expect((await asUser(joiner).acceptInvitation(invitation.id)).orgId).toBe(owner.orgId);
    expect((await client.listMembers(owner.orgId)).members).toHaveLength(2);
    expect((await client.changeMemberRole(owner.orgId, joiner.userId, 'admin')).role).toBe('admin');
    await client.removeMember(owner.orgId, joiner.userId);
    const toDecline = await client.invite(owner.orgId, decliner.email, 'member');
    await asUser(decliner).declineInvitation(toDecline.id);
    const toWithdraw = await client.invite(owner.orgId, uniqueEmail('nobody'), 'member');
    expect((await client.listInvitations(owner.orgId)).invitations.map((i) => i.id)).toContain(toWithdraw.id);
    await client.withdrawInvitation(owner.orgId, toWithdraw.id);

    const created = await client.createApiKey(owner.orgId, { name: 'client', scopes: ['read', 'quota:check', 'usage:write', 'mcp:invoke'] });
    const spare = await client.createApiKey(owner.orgId, { name: 'spare', scopes: ['read'] });
    expect((await client.listApiKeys(owner.orgId)).apiKeys.map((k) => k.id)).toEqual(expect.arrayContaining([created.id, spare.id]));
    await client.revokeApiKey(owner.orgId, spare.id);
    const key = clientFor(created.key);

    expect((await key.entitlements(owner.orgId)).planId).toBe('explorer');
    expect((await key.entitlementCheck({ orgId: owner.orgId, feature: 'api_access' })).allowed).toBe(true);
    expect((await key.quotaCheck({ orgId: owner.orgId, metric: 'api_calls', quantity: 1 })).allowed).toBe(true);
    const hold = await key.reserve({ orgId: owner.orgId, metric: 'agent_executions', quantity: 3, id: `c-${Math.random()}` });
    expect((await key.commit(hold.holdId!, 2)).committed).toBe(2);
    const spareHold = await key.reserve({ orgId: owner.orgId, metric: 'agent_executions', quantity: 1, id: `c-${Math.random()}` });
    await key.release(spareHold.holdId!);
    expect(await clientFor(serviceApiKey()).grantCredits(owner.orgId, { id: `g-${Math.random()}`, metric: 'llm_tokens', quantity: 1000, reason: 'client test' })).toEqual(expect.objectContaining({ quantity: 1000 }));
    expect((await key.credits(owner.orgId)).balances.llm_tokens).toBe(1000);
    expect(await key.recordUsage([{ id: `u-${Math.random()}`, orgId: owner.orgId, metric: 'api_calls', quantity: 2 }])).toEqual({ accepted: 1, rejected: [] });
    expect((await key.usage(owner.orgId)).metrics.length).toBeGreaterThan(0);
    expect((await key.usageSeries(owner.orgId, 'agent_executions')).total).toBe(2);

    const license = await client.createLicense(owner.orgId, { maxDevices: 2 });
    expect((await client.listLicenses(owner.orgId)).licenses.map((l) => l.id)).toContain(license.id);
    expect(await clientFor('').validateLicense({ licenseKey: license.key, machineId: 'm-1', version: '1.0.0' })).toEqual(expect.objectContaining({ valid: true }));
    await client.revokeLicense(owner.orgId, license.id);

    expect((await client.auditLog(owner.orgId, { limit: 5 })).entries.length).toBeGreaterThan(0);
    expect((await clientFor(serviceApiKey()).adminMetrics()).mau).toEqual(expect.any(Number));
    expect(await key.mcp({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'client', version: '1' } } })).toEqual(expect.objectContaining({ result: expect.any(Object) }));

    const rpc = createArgusRpcClients({ apiUrl: localStack().apiUrl, credential: created.key });
    expect((await rpc.auth.validateToken({ token: owner.token })).userId).toBe(owner.userId);
    record('POST /rpc/argus.auth.v1.AuthService/{method}', 200);
    expect((await rpc.billing.checkQuota({ resource: 'api_calls', requested: 1 })).allowed).toBe(true);
    record('POST /rpc/argus.billing.v1.BillingService/{method}', 200);

    const payload = JSON.stringify({ id: `evt_client_${Date.now()}`, object: 'event', type: 'product.created', data: { object: { id: 'prod_x', object: 'product' } } });
    expect(await clientFor('').relayStripeWebhook(payload, stripeSignature(payload))).toEqual({ received: true });
  }, 180_000);

  it('billing: checkout, portal, subscription, preview, change, invoices', async () => {
    const client = asUser(payer);
    await withoutTrial(payer.orgId);
    const session = await client.createCheckout(payer.orgId, { planId: 'professional', ...checkoutUrls });
    await stripeControl(`/_emulator/checkout/${session.id}/complete`, {});
    await waitForSubscription(payer, (s) => s.planId === 'professional' && s.status === 'active');
    expect((await client.subscription(payer.orgId)).planId).toBe('professional');
    expect((await client.openPortal(payer.orgId, checkoutUrls.successUrl)).url).toMatch(/^http/);
    expect((await client.previewPlanChange(payer.orgId, 'business')).amountDue.currency).toBe('usd');
    expect((await client.changeSubscription(payer.orgId, { cancelAtPeriodEnd: true })).cancelAtPeriodEnd).toBe(true);
    const invoices = await eventually(() => client.listInvoices(payer.orgId), (page) => page.invoices.length > 0, 15_000);
    expect((await client.invoice(payer.orgId, invoices.invoices[0]!.id)).lines).toEqual(expect.any(Array));
    expect((await client.upcomingInvoice(payer.orgId)).amountDue.currency).toBe('usd');
    const limit = { monthlyOverage: { amount: 500, currency: 'usd' as const } };
    expect(await client.setSpendLimit(payer.orgId, limit)).toEqual(limit);
    expect(await client.getSpendLimit(payer.orgId)).toEqual(limit);
    const pack = await client.buyCreditPack(payer.orgId, { packId: 'tokens_1m', ...checkoutUrls });
    expect(pack.url).toMatch(/^http/);
  }, 120_000);

  it('sync and analytics', async () => {
    const client = asUser(owner);
    const bytes = new TextEncoder().encode('client sync bytes');
    const checksum = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const ticket = await client.createSyncUpload({ orgId: owner.orgId, objectType: 'project_config', objectPath: 'client/settings.json', checksum, sizeBytes: bytes.length, deviceId: 'dev-1' });
    await client.uploadSyncBytes(ticket, bytes);
    expect((await client.commitSyncVersion(ticket.objectId, ticket.version)).checksum).toBe(checksum);
    expect((await client.listSyncObjects(owner.orgId)).objects.map((o) => o.objectId)).toContain(ticket.objectId);
    expect((await client.listSyncVersions(ticket.objectId)).versions).toHaveLength(1);
    expect(await client.syncDownloadUrl(ticket.objectId)).toMatch(/^http/);
    expect((await client.restoreSyncVersion(ticket.objectId, ticket.version)).restoredFrom).toBe(ticket.version);
    await client.deleteSyncObject(ticket.objectId);

    const at = new Date().toISOString();
    expect(await client.recordTelemetry(owner.orgId, [{ id: `t-${Math.random()}`, eventType: 'command', timestamp: at, commandName: 'build', executionTimeMs: 12 }])).toEqual({ accepted: 1, rejected: [] });
    expect(await client.analytics(owner.orgId)).toEqual({ rows: expect.any(Array) });
  }, 60_000);

  it('answered every route of the route table with its documented status, never a 5xx', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    const documented = (key: string) => successResponses[routes.find((r) => `${r.method} ${r.path}` === key)!.handler]!.status;
    const answers = keys.map((key) => ({ key, method: ROUTE_METHODS[key as keyof typeof ROUTE_METHODS], statuses: [...new Set(seen.get(key) ?? [])], documented: documented(key) }));
    expect(answers.filter((a) => a.statuses.length === 0).map((a) => `${a.key} (${a.method})`)).toEqual([]);
    expect(answers.filter((a) => a.statuses.some((s) => s >= 500))).toEqual([]);
    expect(answers.filter((a) => a.statuses.join() !== String(a.documented))).toEqual([]);
  });
});
