import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { createApiKey, newMemberOf, newUser, serviceApiKey } from '../../infra/local/testing/users';
import { usageKeys } from '../../shared/db/usage-keys';

const check = (token: string, body: Record<string, unknown>) => api('/v1/quota/check', { token, body });

const table = () => {
  const info = localStack();
  return DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
};

/** Moves an org to a paid plan the way the billing webhook processor would (that path is the billing issue's to test); returns the anchor. */
async function setPlan(orgId: string, planId: string): Promise<string> {
  const anchor = new Date(Date.now() - 86_400_000).toISOString();
  const client = table();
  await client.send(
    new UpdateCommand({
      TableName: localStack().dynamodb.tableName,
      Key: { PK: `ORG#${orgId}`, SK: 'ORG' },
      UpdateExpression: 'SET planId = :p, subscriptionStatus = :s, billingAnchor = :a',
      ExpressionAttributeValues: { ':p': planId, ':s': 'active', ':a': anchor },
    }),
  );
  client.destroy();
  return anchor;
}

describe('POST /v1/quota/check', () => {
  it('never lets 200 concurrent consumes of 1 pass a hard cap of 100: exactly 100 allowed, counter at 100', async () => {
    const { orgId } = await newUser();
    const key = serviceApiKey();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => check(key, { orgId, metric: 'agent_executions', quantity: 1, consume: true, id: `run-${i}` })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(results.filter((r) => r.body.allowed).length).toBe(100);
    expect(results.filter((r) => !r.body.allowed).every((r) => r.body.used === 100 && r.body.remaining === 0)).toBe(true);

    const read = await check(key, { orgId, metric: 'agent_executions', quantity: 1 });
    expect(read.body).toMatchObject({ allowed: false, used: 100, limit: 100, remaining: 0 });
    expect(Date.parse(read.body.resetAt)).toBeGreaterThan(Date.now());

    // Consumed quantities are ordinary usage: the usage read shows them, and the alerts fired once each.
    const usage = await api(`/v1/orgs/${orgId}/usage`, { token: key });
    expect(usage.body.metrics.find((m: { metric: string }) => m.metric === 'agent_executions')).toMatchObject({ used: 100, included: 100 });
    type Alert = { detail: { orgId: string; threshold: number } };
    const alerts = await eventually(
      async () => ((await api(`/_local/events?type=usage.threshold_crossed`)).body.events as Alert[]).filter((e) => e.detail.orgId === orgId),
      (events) => events.length >= 2,
    );
    expect(alerts.map((e) => e.detail.threshold).sort()).toEqual([100, 80]);
  });

  it('counts a retried consume with the same id once and answers the retry like the first', async () => {
    const { orgId } = await newUser();
    const key = serviceApiKey();
    const id = `evt-${randomUUID()}`;
    const first = await check(key, { orgId, metric: 'llm_tokens', quantity: 250, consume: true, id });
    const retries = await Promise.all([1, 2, 3].map(() => check(key, { orgId, metric: 'llm_tokens', quantity: 250, consume: true, id })));
    expect(first.body).toMatchObject({ allowed: true, used: 250, limit: 10_000, remaining: 9_750 });
    for (const retry of retries) expect(retry.body).toEqual({ ...first.body, duplicate: true });
    expect(first.body.duplicate).toBeUndefined();
  });

  it('refuses an id reused with another metric or quantity with 409 and counts nothing', async () => {
    const { orgId } = await newUser();
    const key = serviceApiKey();
    const id = `evt-${randomUUID()}`;
    expect((await check(key, { orgId, metric: 'llm_tokens', quantity: 250, consume: true, id })).body).toMatchObject({ allowed: true, used: 250 });
    for (const reuse of [{ metric: 'llm_tokens', quantity: 251 }, { metric: 'api_calls', quantity: 250 }, { metric: 'api_calls', quantity: 5_000 }]) {
      const res = await check(key, { orgId, ...reuse, consume: true, id });
      expect({ reuse, status: res.status, code: res.body.error?.code }).toEqual({ reuse, status: 409, code: 'conflict' });
    }
    expect((await check(key, { orgId, metric: 'llm_tokens', quantity: 1 })).body).toMatchObject({ used: 250 });
    expect((await check(key, { orgId, metric: 'api_calls', quantity: 1 })).body).toMatchObject({ used: 0 });
    // The same content is still a retry.
    expect((await check(key, { orgId, metric: 'llm_tokens', quantity: 250, consume: true, id })).body).toMatchObject({ allowed: true, used: 250, duplicate: true });
  });

  it('treats a dedupe record written before content was bound as a duplicate', async () => {
    const { orgId } = await newUser();
    const key = serviceApiKey();
    const id = `old-${randomUUID()}`;
    const client = table();
    await client.send(
      new PutCommand({
        TableName: localStack().dynamodb.tableName,
        Item: { ...usageKeys.dedupe(orgId, id), type: 'usage-event', orgId, expiresAt: Math.floor(Date.now() / 1000) + 86_400 },
      }),
    );
    client.destroy();
    expect((await check(key, { orgId, metric: 'api_calls', quantity: 7, consume: true, id })).body).toMatchObject({ allowed: true, used: 0, duplicate: true });
  });

  it('refuses quantities out of bounds with 400 validation_failed, never a 500, on every plan', async () => {
    const { orgId } = await newUser();
    const paid = await newUser();
    await setPlan(paid.orgId, 'professional');
    const key = serviceApiKey();
    const cases: [string, number][] = [
      ['api_calls', 1e20],
      ['api_calls', 2 ** 53 + 2],
      ['api_calls', 1e12 + 1],
      ['api_calls', 0.5],
      ['llm_tokens', 9e15],
      ['storage_gb', 1.0000001],
    ];
    for (const org of [orgId, paid.orgId]) {
      for (const [metric, quantity] of cases) {
        for (const consume of [false, true]) {
          if (metric === 'storage_gb' && consume) continue; // a level is never consumable (400 for that reason)
          const res = await check(key, { orgId: org, metric, quantity, consume, id: `q-${randomUUID()}` });
          expect({ metric, quantity, consume, status: res.status, details: res.body.error?.details }).toEqual({
            metric, quantity, consume, status: 400, details: [{ path: 'body.quantity', message: expect.any(String) }],
          });
        }
      }
    }
    // At the bounds: a whole 10^12 on a soft cap is taken, and the usage read stays exact.
    const max = await check(key, { orgId: paid.orgId, metric: 'api_calls', quantity: 1e12, consume: true, id: 'max' });
    expect(max.body).toMatchObject({ allowed: true, used: 1e12 });
    const usage = await api(`/v1/orgs/${paid.orgId}/usage`, { token: key });
    expect(usage.status).toBe(200);
    expect((await check(key, { orgId: paid.orgId, metric: 'storage_gb', quantity: 0.000001 })).status).toBe(200);
  });

  it('answers without recording when consume is absent, and refuses what would pass the cap', async () => {
    const { orgId, token } = await newUser();
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 1000 })).body).toMatchObject({ allowed: true, used: 0, remaining: 1000 });
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 1001 })).body).toMatchObject({ allowed: false, used: 0 });
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 1001, consume: true, id: 'too-big' })).body).toMatchObject({ allowed: false, used: 0 });
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 600, consume: true, id: 'a' })).body).toMatchObject({ allowed: true, used: 600, remaining: 400 });
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 401, consume: true, id: 'b' })).body).toMatchObject({ allowed: false, used: 600 });
    // A refused consume recorded nothing, so its id is still free.
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 400, consume: true, id: 'b' })).body).toMatchObject({ allowed: true, used: 1000, remaining: 0 });
    // Retrying the consume that filled the cap is still a retry: allowed, counted once.
    expect((await check(token, { orgId, metric: 'api_calls', quantity: 400, consume: true, id: 'b' })).body).toMatchObject({ allowed: true, used: 1000, remaining: 0, duplicate: true });
  });

  it('lets a soft cap run over and reports the overage', async () => {
    const { orgId } = await newUser();
    const periodStart = await setPlan(orgId, 'professional');
    const key = serviceApiKey();
    await check(key, { orgId, metric: 'agent_executions', quantity: 5_000, consume: true, id: 'bulk' });
    const over = await check(key, { orgId, metric: 'agent_executions', quantity: 7, consume: true, id: 'more' });
    expect(over.body).toMatchObject({ allowed: true, used: 5_007, limit: 5_000, remaining: 0 });
    expect((await check(key, { orgId, metric: 'agent_executions', quantity: 1 })).body).toMatchObject({ allowed: true, used: 5_007, remaining: 0 });
    // The overage is billable: the period is indexed for the meter sink.
    const client = table();
    const { Item } = await client.send(new GetCommand({ TableName: localStack().dynamodb.tableName, Key: usageKeys.meterIndex(periodStart, orgId) }));
    client.destroy();
    expect(Item).toMatchObject({ orgId, periodStart });
  });

  it('takes a member token of the org, an org key with quota:check, the service key; refuses the rest', async () => {
    const owner = await newUser();
    const other = await newUser();
    const body = { orgId: owner.orgId, metric: 'agent_executions', quantity: 1 };
    const member = await newMemberOf(owner.token, owner.orgId, 'member');
    expect((await check(member.token, body)).status).toBe(200);
    expect((await check(await createApiKey(owner.token, owner.orgId, ['quota:check']), body)).status).toBe(200);
    expect((await check(serviceApiKey(), body)).status).toBe(200);

    expect((await check(other.token, body)).status).toBe(404);
    const otherKey = await check(await createApiKey(other.token, other.orgId, ['quota:check']), body);
    expect(otherKey.status).toBe(403);
    expect((await check(await createApiKey(owner.token, owner.orgId, ['read']), body)).status).toBe(403);
    expect((await api('/v1/quota/check', { body })).status).toBe(401);
  });

  it('validates the body and refuses to consume a level metric', async () => {
    const { orgId, token } = await newUser();
    const bad = await check(token, { orgId, metric: 'nope', quantity: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.metric', 'body.quantity']);
    expect((await check(token, { orgId, metric: 'storage_gb', quantity: 1, consume: true, id: 'x' })).status).toBe(400);
  });
});
