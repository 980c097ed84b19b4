import '../../infra/local/testing/local-env';
import { randomUUID } from 'node:crypto';
import { api, eventually, localStack } from '../../infra/local/testing/local-stack';
import { billingPeriodAt } from '../../shared/usage/org-periods';
import { readCounter } from '../../shared/usage/read-usage';
import { createOrg, shuffle } from '../../shared/usage/testing/fixtures';
import { deadLettersFor, sendBodies, usageQueueClient } from '../../shared/usage/testing/usage-queue';

/** End to end through the stack's usage queue and its aggregator (the event source mapping emulation), and over HTTP. */
const info = localStack();
const sqs = usageQueueClient();
afterAll(() => sqs.destroy());

describe('usage queue end to end', () => {
  it('10,000 events sent 1-3 times each, shuffled across batches, plus invalid ones: exact totals, invalid ones in the DLQ with reasons', async () => {
    const orgs = await Promise.all([createOrg({ planId: 'enterprise' }), createOrg({ planId: 'business', billingAnchor: '2026-01-20T06:00:00.000Z' })]);
    const run = randomUUID().slice(0, 8);
    const metrics = ['api_calls', 'agent_executions', 'llm_tokens'] as const;
    const events = Array.from({ length: 10_000 }, (_, i) => ({ id: `${run}-${i}`, orgId: orgs[i % 2].id, metric: metrics[i % 3], quantity: 1 + (i % 7) }));
    const copies = shuffle(events.flatMap((e) => Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => e)));
    const invalid = [
      { id: `${run}-bad-metric`, orgId: orgs[0].id, metric: 'gpu_hours', quantity: 1 },
      { id: `${run}-bad-qty`, orgId: orgs[0].id, metric: 'api_calls', quantity: -2 },
      { id: `${run}-bad-org`, orgId: `org_missing_${run}`, metric: 'api_calls', quantity: 1 },
      { id: `${run}-bad-ts`, orgId: orgs[1].id, metric: 'api_calls', quantity: 1, timestamp: '2019-01-01T00:00:00Z' },
    ];
    invalid.forEach((bad, i) => copies.splice(1000 * (i + 1), 0, bad as never));
    const bodies: string[] = [];
    for (let i = 0; i < copies.length; i += 100) bodies.push(JSON.stringify({ events: copies.slice(i, i + 100) }));
    const started = Date.now();
    await sendBodies(sqs, bodies);

    const expected = new Map<string, number>();
    for (const e of events) expected.set(`${e.orgId}|${e.metric}`, (expected.get(`${e.orgId}|${e.metric}`) ?? 0) + e.quantity);
    const totals = async () => {
      const out = new Map<string, number>();
      for (const org of orgs) for (const metric of metrics) out.set(`${org.id}|${metric}`, (await readCounter(org.id, billingPeriodAt(org, new Date()).start, metric)).used);
      return out;
    };
    const sameTotals = (t: Map<string, number>) => [...expected].every(([k, v]) => t.get(k) === v);
    const final = await eventually(totals, sameTotals, 180_000);
    expect(Object.fromEntries(final)).toEqual(Object.fromEntries(expected));
    process.stdout.write(`10,000 distinct events (${copies.length} deliveries) counted in ${Date.now() - started} ms\n`);

    const dead = await deadLettersFor(sqs, run, invalid.length);
    // Dead letters are at least once: a message redelivered (its batch outlived the 3 s local visibility) refuses its
    // invalid events again. What matters: every invalid event is there, with its reason, and nothing valid is.
    const distinct = [...new Set(dead.map((d) => JSON.stringify([d.event?.id, d.reason?.code])))].map((j) => JSON.parse(j) as string[]);
    expect(distinct.sort()).toEqual(
      [
        [`${run}-bad-metric`, 'unknown_metric'],
        [`${run}-bad-org`, 'unknown_org'],
        [`${run}-bad-qty`, 'invalid_quantity'],
        [`${run}-bad-ts`, 'timestamp_out_of_window'],
      ].sort(),
    );
    // nothing more arrives later (no double counting by late redeliveries)
    await new Promise((r) => setTimeout(r, 4000));
    expect(Object.fromEntries(await totals())).toEqual(Object.fromEntries(expected));
  }, 300_000);

  it('the same events over HTTP and SQS count once, and show in GET /v1/orgs/{orgId}/usage', async () => {
    const org = await createOrg({ planId: 'professional', billingAnchor: '2026-01-05T00:00:00.000Z' });
    const events = Array.from({ length: 30 }, (_, i) => ({ id: `both-${i}`, orgId: org.id, metric: 'api_calls', quantity: 5 }));
    const res = await api('/v1/usage', { token: info.serviceApiKey, body: { events: [...events, { id: 'x', orgId: org.id, metric: 'api_calls', quantity: 0 }] } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 30, rejected: [{ index: 30, id: 'x', error: 'invalid_quantity', message: expect.any(String) }] });
    await sendBodies(sqs, [JSON.stringify({ events }), JSON.stringify(events[0])]);
    const usage = await eventually(
      async () => (await api(`/v1/orgs/${org.id}/usage`, { token: info.serviceApiKey })).body,
      (body) => body?.metrics?.find((m: { metric: string }) => m.metric === 'api_calls')?.used === 150,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const after = (await api(`/v1/orgs/${org.id}/usage`, { token: info.serviceApiKey })).body;
    expect(after.metrics.find((m: { metric: string }) => m.metric === 'api_calls')).toEqual({
      metric: 'api_calls', unit: 'calls', aggregation: 'count', used: 150, included: 100_000, remaining: 99_850, percent: 0.15, capType: 'soft', overage: 0, overageAmount: { amount: '0', currency: 'usd' }, credits: 0, projected: expect.any(Number),
    });
    expect(usage.period).toEqual(billingPeriodAt(org, new Date()));
    const series = await api(`/v1/orgs/${org.id}/usage/api_calls`, { token: info.serviceApiKey });
    expect(series.status).toBe(200);
    expect(series.body.total).toBe(150);
    expect(series.body.series.reduce((s: number, b: { value: number }) => s + b.value, 0)).toBe(150);
    expect((await api(`/v1/orgs/${org.id}/usage/gpu_hours`, { token: info.serviceApiKey })).status).toBe(400);
  }, 60_000);
});
