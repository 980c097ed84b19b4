import '../../infra/local/testing/local-env';
import { randomUUID } from 'node:crypto';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { billingPeriodAt } from '../../shared/usage/org-periods';
import { readCounter } from '../../shared/usage/read-usage';
import { createOrg } from '../../shared/usage/testing/fixtures';
import { deadLettersFor, sendBodies, usageQueueClient } from '../../shared/usage/testing/usage-queue';

/**
 * Quantity bounds and ids bound to their content, through the stack's real usage queue, aggregator and DLQ, and over
 * `POST /v1/usage`. Each case was a bug: a huge quantity failed its whole (org, metric, period) group five times into
 * the DLQ as "transient", and an id reused with another quantity was silently taken for a retry.
 */
const info = localStack();
const sqs = usageQueueClient();
afterAll(() => sqs.destroy());

const used = async (org: Awaited<ReturnType<typeof createOrg>>, metric: string) => (await readCounter(org.id, billingPeriodAt(org, new Date()).start, metric)).used;
const reasons = (dead: { reason?: { code: string }; event?: { id?: string } }[]) =>
  [...new Set(dead.map((d) => `${d.event?.id}:${d.reason?.code}`))].sort();

describe('usage quantity bounds and id reuse', () => {
  it('SQS: out-of-bounds quantities go to the DLQ as invalid_quantity while their group neighbours count', async () => {
    const org = await createOrg({ planId: 'professional', billingAnchor: '2026-01-05T00:00:00.000Z' });
    const run = `b-${randomUUID().slice(0, 8)}`;
    const e = (suffix: string, metric: string, fields: Record<string, unknown>) => ({ id: `${run}-${suffix}`, orgId: org.id, metric, ...fields });
    const bad = [
      e('huge', 'api_calls', { quantity: 1e20 }),
      e('unsafe', 'api_calls', { quantity: 2 ** 53 + 2 }),
      e('past-max', 'api_calls', { quantity: 1e12 + 1 }),
      e('half', 'api_calls', { quantity: 0.5 }),
      e('seven-decimals', 'storage_gb', { quantity: 1.0000001 }),
      e('tokens', 'llm_tokens', { properties: { provider: 'openai', model: 'gpt-4o', tokensIn: 1e12, tokensOut: 1 } }),
    ];
    const good = [e('ok-1', 'api_calls', { quantity: 3 }), e('ok-max', 'api_calls', { quantity: 1e12 }), e('ok-gauge', 'storage_gb', { quantity: 101.5 })];
    await sendBodies(sqs, [JSON.stringify({ events: [good[0], ...bad.slice(0, 3), good[1], ...bad.slice(3), good[2]] })]);

    await eventually(() => used(org, 'api_calls'), (n) => n === 1e12 + 3, 20_000);
    expect(await used(org, 'storage_gb')).toBe(101.5);
    const dead = await deadLettersFor(sqs, run, bad.length);
    expect(reasons(dead)).toEqual(bad.map((b) => `${b.id}:invalid_quantity`).sort());
  }, 60_000);

  it('SQS: an id reused with another metric or quantity is dead-lettered as conflict; the same content again is a duplicate', async () => {
    const org = await createOrg({ planId: 'professional', billingAnchor: '2026-01-05T00:00:00.000Z' });
    const run = `c-${randomUUID().slice(0, 8)}`;
    const first = { id: `${run}-a`, orgId: org.id, metric: 'api_calls', quantity: 5 };
    await sendBodies(sqs, [JSON.stringify(first)]);
    await eventually(() => used(org, 'api_calls'), (n) => n === 5, 20_000);

    const inBatch = [
      { id: `${run}-b`, orgId: org.id, metric: 'api_calls', quantity: 1 },
      { id: `${run}-b`, orgId: org.id, metric: 'api_calls', quantity: 2 },
    ];
    await sendBodies(sqs, [
      JSON.stringify({ events: [first, { ...first, quantity: 6 }, ...inBatch] }),
      JSON.stringify({ ...first, metric: 'agent_executions' }),
    ]);
    const dead = await deadLettersFor(sqs, run, 3);
    expect(dead.map((d) => [d.event?.id, d.event?.quantity, d.event?.metric, d.reason?.code]).sort()).toEqual(
      [
        [`${run}-a`, 6, 'api_calls', 'conflict'],
        [`${run}-a`, 5, 'agent_executions', 'conflict'],
        [`${run}-b`, 2, 'api_calls', 'conflict'],
      ].sort(),
    );
    await eventually(() => used(org, 'api_calls'), (n) => n === 6, 20_000);
    expect(await used(org, 'agent_executions')).toBe(0);
  }, 60_000);

  it('HTTP: out-of-bounds quantities and reused ids are rejected with reasons; the rest is accepted', async () => {
    const org = await createOrg({ planId: 'professional', billingAnchor: '2026-01-05T00:00:00.000Z' });
    const run = `h-${randomUUID().slice(0, 8)}`;
    const counted = { id: `${run}-counted`, orgId: org.id, metric: 'api_calls', quantity: 4 };
    expect((await api('/v1/usage', { token: info.serviceApiKey, body: { events: [counted] } })).body).toEqual({ accepted: 1, rejected: [] });
    await eventually(() => used(org, 'api_calls'), (n) => n === 4, 20_000);

    const events = [
      counted, // a retry: accepted again, counted once
      { ...counted, quantity: 40 },
      { id: `${run}-big`, orgId: org.id, metric: 'api_calls', quantity: 1e20 },
      { id: `${run}-frac`, orgId: org.id, metric: 'agent_executions', quantity: 1.5 },
      { id: `${run}-new`, orgId: org.id, metric: 'api_calls', quantity: 2 },
      { id: `${run}-new`, orgId: org.id, metric: 'llm_tokens', quantity: 2 },
    ];
    const res = await api('/v1/usage', { token: info.serviceApiKey, body: { events } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 2,
      rejected: [
        { index: 1, id: counted.id, error: 'conflict', message: expect.stringContaining('different metric or quantity') },
        { index: 2, id: `${run}-big`, error: 'invalid_quantity', message: expect.stringContaining('10^12') },
        { index: 3, id: `${run}-frac`, error: 'invalid_quantity', message: expect.stringContaining('whole') },
        { index: 5, id: `${run}-new`, error: 'conflict', message: expect.any(String) },
      ],
    });
    await eventually(() => used(org, 'api_calls'), (n) => n === 6, 20_000);
    expect(await used(org, 'llm_tokens')).toBe(0);
  }, 60_000);
});
