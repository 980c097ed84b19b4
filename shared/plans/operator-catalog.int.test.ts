import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stripeClientFor } from '../clients/stripe-factory';
import { REPO_ROOT, readLocalJson } from '../../infra/local/state';
import { advanceEmulatorTo, epochOf, getSubscription, subscribe, waitForSubscription } from '../../infra/local/testing/billing';
import { api, eventually } from '../../infra/local/testing/local-stack';
import { freePortBlock, spawnLocalStack, type SpawnedStack } from '../../infra/local/testing/spawn-stack';
import { newUser, type TestUser } from '../../infra/local/testing/users';

/**
 * The catalog is the operator's data (issue #15): a second local stack runs a fixture catalog that adds a metric
 * `minutes` (sum; a hard cap of 60 on the free plan) with no code change, and later a version 2 that raises
 * professional's price and minutes allowance. Proves, over real sockets and emulators: ingest, quota, usage reads and
 * Stripe sync follow the new metric; an operator override raises one org's cap and no other's (audited); a price raise
 * leaves the subscription on version 1's price and allowances until `argus subscriptions migrate`, which moves it at
 * its next renewal (audited).
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'minutes');
const ENV_OF_OTHER_TARGETS = ['TABLE_NAME', 'ARGUS_API_URL', 'ARGUS_API_KEY', 'STRIPE_SECRET_KEY', 'STRIPE_API_URL'];

describe('an operator catalog with a new metric, versions and overrides', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'argus-catalog-'));
  const state = path.join(root, 'state');
  const catalogDir = path.join(root, 'catalog');
  const savedStateDir = process.env.ARGUS_STATE_DIR;
  let stack: SpawnedStack | undefined;
  let port: number;

  const start = async (fresh: boolean) => {
    // Generous: this machine may be busy; an idle one is ready in seconds.
    stack = await spawnLocalStack({ dir: state, port, fresh, env: { ARGUS_CATALOG_DIR: catalogDir }, readyTimeoutMs: 240_000 });
  };
  const argus = async (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ARGUS_STATE_DIR: state, ARGUS_CATALOG_DIR: catalogDir };
    for (const name of ENV_OF_OTHER_TARGETS) delete env[name];
    const run = promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'cli', 'bin', 'argus.cjs'), ...args, '--json'], { env, cwd: REPO_ROOT });
    const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`argus ${args.join(' ')} failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    return JSON.parse(stdout);
  };
  const table = () => {
    const info = readLocalJson();
    return { name: info.dynamodb.tableName, client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } })) };
  };
  const auditActions = async (orgId: string) => {
    const { name, client } = table();
    const { Items = [] } = await client.send(new QueryCommand({ TableName: name, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)', ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':sk': 'AUDIT#' } }));
    return Items.map((i) => ({ action: i.action, actor: i.actor, details: i.details }));
  };
  const consume = (user: TestUser, quantity: number, id: string) =>
    api('/v1/quota/check', { token: user.token, body: { orgId: user.orgId, metric: 'minutes', quantity, consume: true, id } });
  const minutesLimit = async (user: TestUser) => (await api(`/v1/orgs/${user.orgId}/entitlements`, { token: user.token })).body.limits.minutes;

  beforeAll(async () => {
    mkdirSync(catalogDir, { recursive: true });
    copyFileSync(path.join(FIXTURE, 'v1.json'), path.join(catalogDir, 'v1.json'));
    port = await freePortBlock();
    process.env.ARGUS_STATE_DIR = state;
    await start(true);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    if (savedStateDir === undefined) delete process.env.ARGUS_STATE_DIR;
    else process.env.ARGUS_STATE_DIR = savedStateDir;
    rmSync(root, { recursive: true, force: true });
  });

  it('serves, syncs, meters, caps and overrides a metric that is only an entry in the file; grandfathers and migrates a price raise', async () => {
    // The catalog as served and as synced to Stripe.
    const plans = await api('/v1/plans');
    expect(plans.body.catalogVersion).toBe(1);
    expect(plans.body.plans[0].metrics.minutes).toEqual({ included: 60, capType: 'hard', overageUnitAmount: null, overageUnitSize: 1, unit: 'minutes', aggregation: 'sum' });
    const stripe = stripeClientFor('sk_test_argus_local', readLocalJson().stripe.apiUrl);
    const meters = await stripe.billing.meters.list({ limit: 100 });
    expect(meters.data.map((m) => m.event_name)).toContain('argus_minutes');
    const overage = await stripe.prices.list({ lookup_keys: ['argus_professional_minutes_overage_v1'] });
    expect(overage.data[0]?.recurring?.meter).toBe(meters.data.find((m) => m.event_name === 'argus_minutes')!.id);

    // Quota, ingest and usage reads of the new metric; the hard cap holds.
    const [a, b, c] = await Promise.all([newUser(), newUser(), newUser()]);
    expect((await consume(a, 50, 'a1')).body).toMatchObject({ allowed: true, used: 50, limit: 60 });
    expect((await consume(a, 11, 'a2')).body).toMatchObject({ allowed: false, used: 50, limit: 60 });
    expect((await api('/v1/quota/check', { token: a.token, body: { orgId: a.orgId, metric: 'minutez', quantity: 1 } })).status).toBe(400);
    const ingest = await api('/v1/usage', { token: a.token, body: { events: [{ id: 'call-1', orgId: a.orgId, metric: 'minutes', quantity: 5 }] } });
    expect(ingest.body).toEqual({ accepted: 1, rejected: [] });
    const usage = await eventually(() => api(`/v1/orgs/${a.orgId}/usage`, { token: a.token }), (r) => r.body.metrics?.find((m: { metric: string }) => m.metric === 'minutes')?.used === 55);
    expect(usage.body.metrics.find((m: { metric: string }) => m.metric === 'minutes')).toMatchObject({ used: 55, included: 60, remaining: 5, unit: 'minutes', capType: 'hard' });
    expect((await api(`/v1/orgs/${a.orgId}/usage/minutes`, { token: a.token })).body.total).toBe(55);

    // An override raises one org's cap, and no other's; the audit log records it.
    const set = await argus('orgs', 'override', a.orgId, '--included', 'minutes=100', '--reason', 'pilot');
    expect(set.after).toEqual({ metrics: { minutes: { included: 100 } } });
    expect((await consume(a, 11, 'a3')).body).toMatchObject({ allowed: true, used: 66, limit: 100 });
    expect((await consume(b, 61, 'b1')).body).toMatchObject({ allowed: false, used: 0, limit: 60 });
    expect(await minutesLimit(a)).toEqual({ included: 100, capType: 'hard' });
    expect(await minutesLimit(b)).toEqual({ included: 60, capType: 'hard' });
    expect(await auditActions(a.orgId)).toContainEqual({ action: 'org.override_changed', actor: { type: 'operator', id: expect.stringMatching(/^cli:/) }, details: { before: null, after: { metrics: { minutes: { included: 100 } } }, reason: 'pilot' } });
    expect((await auditActions(b.orgId)).map((e) => e.action)).not.toContain('org.override_changed');

    // A subscription on version 1, then the operator raises professional's price in version 2.
    await subscribe(c, 'professional');
    expect((await getSubscription(c)) as unknown).toMatchObject({ planId: 'professional', catalogVersion: 1 });
    await stack!.stop();
    copyFileSync(path.join(FIXTURE, 'v2.json'), path.join(catalogDir, 'v2.json'));
    await start(false);
    const raised = await api('/v1/plans');
    expect(raised.body.catalogVersion).toBe(2);
    expect(raised.body.plans[1].prices[0]).toEqual({ interval: 'month', amount: 12_900, currency: 'usd' });
    expect(await minutesLimit(c)).toEqual({ included: 1_000, capType: 'soft' });

    // Not migrated: the renewal bills version 1's price.
    const first = await getSubscription(c);
    await advanceEmulatorTo(epochOf(first.currentPeriodEnd) + 3_600);
    const renewed = await waitForSubscription(c, (s) => s.currentPeriodStart === first.currentPeriodEnd);
    // A renewal invoice covers the period that just ended (Stripe's period_start/period_end), billing the next one ahead.
    const renewalInvoice = async (renewedAt: string | null) => {
      const found = await eventually(
        () => api(`/v1/orgs/${c.orgId}/invoices`, { token: c.token }),
        (r) => r.body.invoices?.some((i: { periodEnd: string }) => i.periodEnd === renewedAt),
        30_000,
      );
      const invoice = found.body.invoices.find((i: { periodEnd: string }) => i.periodEnd === renewedAt);
      if (!invoice) throw new Error(`no invoice ending ${renewedAt}: ${JSON.stringify(found.body)}`);
      return invoice;
    };
    expect((await renewalInvoice(renewed.currentPeriodStart)).amountDue).toEqual({ amount: 9_900, currency: 'usd' });

    // Migrated: nothing changes until the next renewal, which bills version 2's price with its allowances.
    const migrated = await argus('subscriptions', 'migrate', '--plan', 'professional', '--to', '2');
    expect(migrated.results).toEqual([expect.objectContaining({ orgId: c.orgId, from: 1, to: 2, status: 'migrated', effectiveAt: renewed.currentPeriodEnd })]);
    expect((await auditActions(c.orgId)).map((e) => e.action)).toContain('subscription.migrated');
    expect((await argus('subscriptions', 'migrate', '--plan', 'professional', '--to', '2')).results).toEqual([]);
    await advanceEmulatorTo(epochOf(renewed.currentPeriodStart) + 60);
    expect((await getSubscription(c)) as unknown).toMatchObject({ catalogVersion: 1 });
    expect(await minutesLimit(c)).toEqual({ included: 1_000, capType: 'soft' });
    await advanceEmulatorTo(epochOf(renewed.currentPeriodEnd) + 3_600);
    const moved = await waitForSubscription(c, (s) => s.currentPeriodStart === renewed.currentPeriodEnd && (s as unknown as { catalogVersion: number }).catalogVersion === 2);
    expect(moved).toMatchObject({ planId: 'professional', catalogVersion: 2 });
    expect(await minutesLimit(c)).toEqual({ included: 2_000, capType: 'soft' });
    expect((await renewalInvoice(moved.currentPeriodStart)).amountDue).toEqual({ amount: 12_900, currency: 'usd' });
  }, 480_000);
});
