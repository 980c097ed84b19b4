import { randomUUID } from 'node:crypto';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { createApiKey, newUser, serviceApiKey } from '../../infra/local/testing/users';

const grant = (orgId: string, body: Record<string, unknown>, token = serviceApiKey()) => api(`/v1/orgs/${orgId}/credits`, { token, body });
const check = (body: Record<string, unknown>) => api('/v1/quota/check', { token: serviceApiKey(), body });

/** `workers` loops side by side, each calling `step` until `total` calls were made in all. */
async function concurrently<T>(total: number, workers: number, step: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) out.push(await step(next++));
    }),
  );
  return out;
}

describe('credits (CONTRACT §3 Credits)', () => {
  it('grants once per id through the operator route (201, same → 200, different → 409), refuses anyone but the service key, lists balances and grants, and publishes credits.granted once', async () => {
    const owner = await newUser();
    const id = `promo-${randomUUID()}`;
    const body = { id, metric: 'agent_executions', quantity: 50, reason: 'support ticket 42' };
    const created = await grant(owner.orgId, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, metric: 'agent_executions', quantity: 50, remaining: 50, expiresAt: null, source: 'grant' });
    const again = await grant(owner.orgId, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    expect((await grant(owner.orgId, { ...body, quantity: 51 })).status).toBe(409);
    expect((await grant(owner.orgId, body, owner.token)).status).toBe(403);
    expect((await grant(owner.orgId, body, await createApiKey(owner.token, owner.orgId, ['read', 'quota:check']))).status).toBe(403);
    expect((await grant(owner.orgId, { ...body, id: 'x', expiresAt: new Date(Date.now() - 1000).toISOString() })).status).toBe(400);

    const list = await api(`/v1/orgs/${owner.orgId}/credits`, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.balances).toEqual({ llm_tokens: 0, agent_executions: 50, api_calls: 0, storage_gb: 0 });
    expect(list.body.grants).toEqual([created.body]);
    expect(list.body.nextCursor).toBeNull();
    const stranger = await newUser();
    expect((await api(`/v1/orgs/${owner.orgId}/credits`, { token: stranger.token })).status).toBe(404);

    type Granted = { detail: { orgId: string; grantId: string } };
    const events = await eventually(
      async () => ((await api('/_local/events?type=credits.granted')).body.events as Granted[]).filter((e) => e.detail.orgId === owner.orgId),
      (found) => found.length >= 1,
    );
    expect(events.map((e) => e.detail)).toEqual([{ orgId: owner.orgId, grantId: id, metric: 'agent_executions', quantity: 50, source: 'grant', expiresAt: null }]);
  });

  it('lets an explorer org with a 1,000-call pack consume exactly 1,000 + 1,000 api_calls under 200 concurrent consumes, then refuses', async () => {
    const { orgId, token } = await newUser();
    expect((await grant(orgId, { id: `pack-${randomUUID()}`, metric: 'api_calls', quantity: 1000, reason: 'test pack' })).status).toBe(201);
    expect((await check({ orgId, metric: 'api_calls', quantity: 990, consume: true, id: 'first' })).body).toMatchObject({ allowed: true, remaining: 1010 });
    // 200 at once, 10 each: 10 left of the included amount and 1,000 credits make room for exactly 101 of them.
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => check({ orgId, metric: 'api_calls', quantity: 10, consume: true, id: `call-${i}` })));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(results.filter((r) => r.body.allowed).length).toBe(101);

    const read = await check({ orgId, metric: 'api_calls', quantity: 1 });
    expect(read.body).toMatchObject({ allowed: false, used: 2000, limit: 1000, remaining: 0, credits: 0 });
    const credits = await api(`/v1/orgs/${orgId}/credits`, { token });
    expect(credits.body.balances.api_calls).toBe(0);
    expect(credits.body.grants[0].remaining).toBe(0);
  }, 120_000);

  it('spends the soonest-expiring grant first, stops counting a grant at its expiry, and keeps what it covered', async () => {
    const { orgId } = await newUser();
    const soon = new Date(Date.now() + 4000).toISOString();
    expect((await grant(orgId, { id: 'later', metric: 'agent_executions', quantity: 10, reason: 'r' })).status).toBe(201);
    expect((await grant(orgId, { id: 'soon', metric: 'agent_executions', quantity: 10, expiresAt: soon, reason: 'r' })).status).toBe(201);
    // 100 included on explorer, then 15 from credits: the 10 expiring soonest first, then 5 of the other.
    expect((await check({ orgId, metric: 'agent_executions', quantity: 100, consume: true, id: 'a' })).body).toMatchObject({ allowed: true, credits: 20, remaining: 20 });
    const b = await check({ orgId, metric: 'agent_executions', quantity: 5, consume: true, id: 'b' });
    expect(b.body).toMatchObject({ allowed: true, used: 105, credits: 15, remaining: 15 });
    const list = async () => (await api(`/v1/orgs/${orgId}/credits`, { token: serviceApiKey() })).body;
    expect(Object.fromEntries((await list()).grants.map((g: { id: string; remaining: number }) => [g.id, g.remaining]))).toEqual({ later: 10, soon: 5 });
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now() + 200)));
    // The expired grant's 5 no longer count; the 105 it and the plan covered stay used.
    expect((await check({ orgId, metric: 'agent_executions', quantity: 11 })).body).toMatchObject({ allowed: false, used: 105, credits: 10, remaining: 10 });
    expect((await list()).balances.agent_executions).toBe(10);
    expect((await check({ orgId, metric: 'agent_executions', quantity: 10, consume: true, id: 'c' })).body).toMatchObject({ allowed: true, used: 115, credits: 0, remaining: 0 });
    expect((await check({ orgId, metric: 'agent_executions', quantity: 1, consume: true, id: 'd' })).body).toMatchObject({ allowed: false, used: 115 });
    // A retried consume never spends twice.
    expect((await check({ orgId, metric: 'agent_executions', quantity: 10, consume: true, id: 'c' })).body).toMatchObject({ allowed: true, duplicate: true, used: 115 });
  }, 60_000);

  it('writes exactly one audit entry per grant', async () => {
    const { orgId } = await newUser();
    const body = { id: `g-${randomUUID()}`, metric: 'llm_tokens', quantity: 1000, reason: 'r' };
    await grant(orgId, body);
    await grant(orgId, body);
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const info = localStack();
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
    const { Items } = await client.send(
      new QueryCommand({ TableName: info.dynamodb.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':p': 'AUDIT#' } }),
    );
    client.destroy();
    const entries = (Items ?? []).filter((e) => String(e.action).startsWith('credits.'));
    expect(entries.map((e) => [e.action, e.target, e.actor.type])).toEqual([['credits.granted', `credit_grant:${body.id}`, 'operator']]);
  });
});
