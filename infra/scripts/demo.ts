import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { stateDir } from '../local/state';
import { api, eventually, localStack, type ApiResponse } from '../local/testing/local-stack';
import { freePortBlock, spawnLocalStack, type SpawnedStack } from '../local/testing/spawn-stack';

/**
 * `npm run demo`: the main journey of CONTRACT.md as a new customer walks it, against the local stack (attached if one
 * is running, started otherwise). Each step prints what it did and what came back; the first step that does not
 * behave as the contract says stops the demo with a non-zero exit.
 */
type Check = (res: ApiResponse) => string | undefined;

let stepNo = 0;
async function step<T = any>(title: string, run: () => Promise<ApiResponse<T>>, check: Check, show: (res: ApiResponse<T>) => string): Promise<ApiResponse<T>> {
  stepNo++;
  const res = await run();
  const problem = check(res);
  if (problem) {
    process.stdout.write(`✗ ${stepNo}. ${title}\n    ${problem}\n    got ${res.status} ${JSON.stringify(res.body).slice(0, 400)}\n`);
    throw new DemoFailure(title);
  }
  process.stdout.write(`✓ ${stepNo}. ${title}: ${show(res)}\n`);
  return res;
}

class DemoFailure extends Error {}

const status = (expected: number): Check => (res) => (res.status === expected ? undefined : `expected HTTP ${expected}`);
const and = (...checks: Check[]): Check => (res) => checks.map((c) => c(res)).find(Boolean);
const that = (what: string, ok: (res: ApiResponse) => boolean): Check => (res) => (ok(res) ? undefined : `expected ${what}`);

async function journey(): Promise<void> {
  const stack = localStack();
  const email = `demo-${Date.now().toString(36)}@example.test`;
  const password = 'Demo-Passw0rd';

  const signup = await step('Sign up', () => api('/v1/auth/signup', { body: { email, password, name: 'Dana Demo', orgName: 'Demo Labs' } }), status(201), (r) => `user ${r.body.userId}, org ${r.body.orgId}, confirmed ${r.body.confirmed}`);
  const orgId: string = signup.body.orgId;
  const login = await step('Log in', () => api('/v1/auth/login', { body: { email, password } }), and(status(200), that('an access token', (r) => typeof r.body.accessToken === 'string')), (r) => `${r.body.tokenType} token, expires in ${r.body.expiresIn} s`);
  const token: string = login.body.accessToken;

  await step('See my orgs', () => api('/v1/me', { token }), and(status(200), that('the new org on explorer', (r) => r.body.orgs.some((o: any) => o.id === orgId && o.planId === 'explorer'))), (r) => r.body.orgs.map((o: any) => `${o.name} (${o.role}, ${o.planId})`).join(', '));
  await step('See the plans', () => api('/v1/plans'), and(status(200), that('four plans', (r) => r.body.plans.length === 4)), (r) => r.body.plans.map((p: any) => `${p.id} $${p.prices[0].amount / 100}`).join(' · '));

  const checkout = await step('Check out Professional', () => api(`/v1/orgs/${orgId}/checkout`, { token, body: { planId: 'professional', successUrl: `${stack.apiUrl}/console/billing?checkout=ok`, cancelUrl: `${stack.apiUrl}/console/billing?checkout=cancel` } }), and(status(201), that('a session url', (r) => typeof r.body.url === 'string')), (r) => `session ${r.body.id} at ${r.body.url}`);
  await step('Pay in the Stripe emulator', () => emulator(stack.stripe.apiUrl, `/_emulator/checkout/${checkout.body.id}/complete`, {}), status(200), (r) => `subscription ${r.body.subscription}`);
  // A first paid subscription starts with the plan's 14-day trial (CONTRACT §3): Professional's entitlements at once.
  await step('See the plan change', () => eventually(() => api(`/v1/orgs/${orgId}/subscription`, { token }), (r) => r.body?.planId === 'professional' && r.body?.status === 'trialing', 15_000), that('professional/trialing within 15 s', (r) => r.body?.planId === 'professional' && r.body?.status === 'trialing' && r.body?.trialEnd !== null), (r) => `${r.body.planId}/${r.body.status}, period ends ${r.body.currentPeriodEnd}`);
  await step('See the new entitlements', () => api(`/v1/orgs/${orgId}/entitlements`, { token }), and(status(200), that('advanced_predictions on', (r) => r.body.features.advanced_predictions === true)), (r) => `${r.body.rateLimit.requestsPerMinute} req/min, llm_tokens ${r.body.limits.llm_tokens.included} ${r.body.limits.llm_tokens.capType}`);

  const key = await step('Create an API key for a backend service', () => api(`/v1/orgs/${orgId}/api-keys`, { token, body: { name: 'backend', scopes: ['usage:write', 'quota:check', 'read'] } }), status(201), (r) => `${r.body.prefix}… (${r.body.scopes.join(', ')})`);
  const sqs = new SQSClient({ region: stack.region, endpoint: stack.sqs.endpoint, credentials: { ...stack.credentials } });
  const tokensUsed = 850_000;
  await step(
    'Report LLM usage over SQS',
    async () => {
      const out = await sqs.send(new SendMessageCommand({ QueueUrl: stack.sqs.usageQueueUrl, MessageBody: JSON.stringify({ events: [{ id: randomUUID(), orgId, metric: 'llm_tokens', quantity: tokensUsed }] }) }));
      return { status: 200, body: out, headers: new Headers() };
    },
    that('a message id', (r) => Boolean(r.body.MessageId)),
    () => `${tokensUsed.toLocaleString('en-US')} llm_tokens queued`,
  );
  sqs.destroy();
  await step('Report API calls over HTTP', () => api('/v1/usage', { token: key.body.key, body: { events: [{ id: randomUUID(), orgId, metric: 'api_calls', quantity: 5 }] } }), and(status(202), that('1 accepted', (r) => r.body.accepted === 1)), (r) => `accepted ${r.body.accepted}, rejected ${r.body.rejected.length}`);
  await step(
    'See the usage',
    () => eventually(() => api(`/v1/orgs/${orgId}/usage`, { token }), (r) => metric(r, 'llm_tokens')?.used === tokensUsed && metric(r, 'api_calls')?.used === 5, 15_000),
    that('both reports counted', (r) => metric(r, 'llm_tokens')?.used === tokensUsed && metric(r, 'api_calls')?.used === 5),
    (r) => `llm_tokens ${metric(r, 'llm_tokens').used} of ${metric(r, 'llm_tokens').included} (${metric(r, 'llm_tokens').percent}%), api_calls ${metric(r, 'api_calls').used}`,
  );
  await step(
    'Watch the 80 % alert fire',
    () => eventually(() => api(`/_local/events?type=usage.threshold_crossed`), (r) => alerts(r, orgId).length > 0, 15_000),
    that('exactly one llm_tokens alert at 80 %', (r) => alerts(r, orgId).length === 1 && alerts(r, orgId)[0].threshold === 80),
    (r) => `usage.threshold_crossed ${JSON.stringify(alerts(r, orgId)[0])}`,
  );

  const other = await step('Sign up a second org (explorer)', () => api('/v1/auth/signup', { body: { email: `demo-b-${Date.now().toString(36)}@example.test`, password } }), status(201), (r) => `org ${r.body.orgId}`);
  const otherToken = (await api('/v1/auth/login', { body: { email: other.body.email, password } })).body.accessToken as string;
  const consume = (quantity: number) => api('/v1/quota/check', { token: otherToken, body: { orgId: other.body.orgId, metric: 'agent_executions', quantity, consume: true, id: randomUUID() } });
  await step('Consume 60 of 100 agent executions', () => consume(60), and(status(200), that('allowed', (r) => r.body.allowed === true)), (r) => `used ${r.body.used}/${r.body.limit}, remaining ${r.body.remaining}`);
  await step('Hit the hard cap', () => consume(60), and(status(200), that('refused, nothing recorded', (r) => r.body.allowed === false && r.body.used === 60)), (r) => `allowed ${r.body.allowed}, used ${r.body.used}/${r.body.limit}, resets ${r.body.resetAt}`);

  await step('Preview the upgrade to Business during the trial', () => api(`/v1/orgs/${orgId}/subscription/preview`, { token, body: { planId: 'business' } }), and(status(200), that('nothing due now, the lines show the change', (r) => r.body.amountDue.amount === 0 && r.body.lines.length > 0)), (r) => `$${(r.body.amountDue.amount / 100).toFixed(2)} now: ${r.body.lines.map((l: any) => `${l.description} ${l.amount.amount}`).join('; ')}`);
  await step('See the invoice', () => eventually(() => api(`/v1/orgs/${orgId}/invoices`, { token }), (r) => r.body?.invoices?.length > 0, 15_000), that("the trial's paid $0 invoice", (r) => r.body.invoices.some((i: any) => i.status === 'paid' && i.amountPaid.amount === 0)), (r) => r.body.invoices.map((i: any) => `${i.number} ${i.status} $${i.amountPaid.amount / 100}`).join(', '));
}

function metric(res: ApiResponse, name: string): any {
  return res.body?.metrics?.find((m: any) => m.metric === name);
}

function alerts(res: ApiResponse, orgId: string): any[] {
  return (res.body?.events ?? []).map((e: any) => e.detail).filter((d: any) => d?.orgId === orgId && d.metric === 'llm_tokens');
}

async function emulator(base: string, route: string, body: unknown): Promise<ApiResponse> {
  const res = await fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => undefined), headers: res.headers };
}

/** Attaches to the stack in ARGUS_STATE_DIR (default .argus/) when it answers; starts one there otherwise. */
async function attachOrStart(): Promise<SpawnedStack | undefined> {
  if (existsSync(path.join(stateDir(), 'local.json'))) {
    const healthy = await fetch(`${localStack().apiUrl}/health`).then((r) => r.ok, () => false);
    if (healthy) return undefined;
  }
  process.stdout.write('Starting the local stack…\n');
  return spawnLocalStack({ dir: stateDir(), port: Number(process.env.PORT ?? (await freePortBlock())), fresh: false });
}

async function main(): Promise<void> {
  const started = await attachOrStart();
  process.stdout.write(`Argus demo against ${localStack().apiUrl}\n`);
  try {
    await journey();
    process.stdout.write(`\nDemo complete: ${stepNo} steps behaved as the contract says.\n`);
  } finally {
    await started?.stop();
  }
}

main().catch((error: unknown) => {
  if (!(error instanceof DemoFailure)) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
