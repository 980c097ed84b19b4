import '../../infra/local/testing/local-env';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventually, localStack } from '../../infra/local/testing/local-stack';
import { stripeClientFor } from '../clients/stripe-factory';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';
import { aggregateUsageBatch } from './aggregate-batch';
import { enqueueMeteredPeriods, reportMeteredPeriod, toMessage } from './meter-sink';
import { billingPeriodAt } from './org-periods';
import { createOrg } from './testing/fixtures';
import type { Org } from '../db/orgs';

const info = localStack();
const stripe = stripeClientFor('sk_test_argus_local', info.stripe.apiUrl);
const HOUR = 3_600_000;

interface EmulatedEvent { identifier: string; customer: string; event_name: string; value: number }
async function meterEvents(customer: string): Promise<EmulatedEvent[]> {
  const { events } = (await (await fetch(`${info.stripe.apiUrl}/_emulator/meter-events`)).json()) as { events: EmulatedEvent[] };
  return events.filter((e) => e.customer === customer);
}
const total = (events: EmulatedEvent[], name: string) => events.filter((e) => e.event_name === name).reduce((s, e) => s + e.value, 0);

async function stripeNow(): Promise<Date> {
  const { now } = (await (await fetch(`${info.stripe.apiUrl}/_emulator/clock`)).json()) as { now: number };
  return new Date(now * 1000);
}

async function paidOrg(now: Date, stripeCustomerId?: string): Promise<Org> {
  const customer = stripeCustomerId ?? (await stripe.customers.create({ email: 'edges@example.test' })).id;
  return createOrg({ planId: 'professional', subscriptionStatus: 'active', billingAnchor: new Date(now.getTime() - 2 * 86_400_000).toISOString(), stripeCustomerId: customer });
}

const usage = (orgId: string, id: string, metric: string, quantity: number, sentAt: Date) => ({ messageId: id, body: JSON.stringify({ id, orgId, metric, quantity }), sentAt });
const entryOf = (org: Org, now: Date) => toMessage({ orgId: org.id, period: billingPeriodAt(org, now), planId: org.planId, stripeCustomerId: org.stripeCustomerId });

async function mark(org: Org, now: Date, metric: string) {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: usageKeys.meterMark(org.id, billingPeriodAt(org, now).start, metric), ConsistentRead: true }));
  return Item ?? {};
}
async function setMark(org: Org, now: Date, metric: string, values: Record<string, unknown>) {
  const names = Object.keys(values);
  await ddb.send(new UpdateCommand({
    TableName: tableName,
    Key: usageKeys.meterMark(org.id, billingPeriodAt(org, now).start, metric),
    UpdateExpression: `SET ${names.map((n) => `${n} = :${n}`).join(', ')}`,
    ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
  }));
}
async function setCounter(org: Org, now: Date, metric: string, used: number) {
  await ddb.send(new UpdateCommand({ TableName: tableName, Key: usageKeys.counter(org.id, billingPeriodAt(org, now).start, metric), UpdateExpression: 'SET used = :u', ExpressionAttributeValues: { ':u': used } }));
}

describe('meter sink: whole units', () => {
  it('a fractional counter, a fractional gauge and a fractional pending left by an older build: the next run sends whole values and commits', async () => {
    const now = await stripeNow();
    const org = await paidOrg(now);
    await aggregateUsageBatch([usage(org.id, 'f1', 'api_calls', 1000, now), usage(org.id, 'f2', 'storage_gb', 100, now)], {}, now);
    // Old data: counters that took fractions, and a watermark stuck on a pending 0.5 that Stripe refused on every run.
    await setCounter(org, now, 'api_calls', 1200.5);
    await setCounter(org, now, 'storage_gb', 101.5);
    await setMark(org, now, 'api_calls', { reported: 0, pending: 1200.5 });

    const summary = await reportMeteredPeriod(entryOf(org, now), now);
    expect(summary).toMatchObject({ failed: [], rejected: 0 });
    const events = await meterEvents(org.stripeCustomerId!);
    expect(events.every((e) => Number.isInteger(e.value))).toBe(true);
    expect(total(events, 'argus_api_calls')).toBe(1200);
    expect(events.filter((e) => e.event_name === 'argus_storage_gb').map((e) => e.value)).toEqual([102]);
    expect(await mark(org, now, 'api_calls')).toMatchObject({ reported: 1200 });
    expect((await mark(org, now, 'api_calls')).pending).toBeUndefined();

    // The carried half unit is billed once another half arrives; a rerun sends nothing.
    await setCounter(org, now, 'api_calls', 1201);
    await reportMeteredPeriod(entryOf(org, now), now);
    expect((await reportMeteredPeriod(entryOf(org, now), now)).sent).toBe(0);
    expect(total(await meterEvents(org.stripeCustomerId!), 'argus_api_calls')).toBe(1201);
  });
});

describe('meter sink: Stripe refusals and stuck sends', () => {
  it('a permanent 4xx is recorded on the watermark with its reason and not retried; other metrics still report', async () => {
    const now = await stripeNow();
    const org = await paidOrg(now, 'cus_doesnotexist000000000000');
    await aggregateUsageBatch([usage(org.id, 'r1', 'api_calls', 500, now)], {}, now);
    const first = await reportMeteredPeriod(entryOf(org, now), now);
    expect(first).toMatchObject({ rejected: 1, failed: [] });
    expect(await mark(org, now, 'api_calls')).toMatchObject({ reported: 500, rejectedUnits: 500, lastRejection: { status: 404, code: 'resource_missing', value: 500, reason: expect.stringContaining('No such customer') } });
    const again = await reportMeteredPeriod(entryOf(org, now), now);
    expect(again).toMatchObject({ rejected: 0, sent: 0, failed: [] });
  });

  it('a send pending past 12 h is reported stuck; past the identifier window it is reconciled with the meter, never resent blindly', async () => {
    const now = await stripeNow();
    const org = await paidOrg(now);
    await aggregateUsageBatch([usage(org.id, 'p1', 'api_calls', 300, now)], {}, now);
    await reportMeteredPeriod(entryOf(org, now), now);
    expect(total(await meterEvents(org.stripeCustomerId!), 'argus_api_calls')).toBe(300);

    // A crash after Stripe took 300 -> 450, 25 h ago: the meter already holds it, so the sink commits without sending.
    await aggregateUsageBatch([usage(org.id, 'p2', 'api_calls', 150, now)], {}, now);
    await reportMeteredPeriod(entryOf(org, now), now);
    await setMark(org, now, 'api_calls', { reported: 300, metered: 300, pending: 450, pendingId: 'expired-identifier-a', pendingVia: 'meter', pendingAt: new Date(now.getTime() - 25 * HOUR).toISOString() });
    const arrived = await reportMeteredPeriod(entryOf(org, now), now);
    expect(arrived).toMatchObject({ stuck: 1, sent: 0, alreadyThere: 1 });
    expect(total(await meterEvents(org.stripeCustomerId!), 'argus_api_calls')).toBe(450);
    expect(await mark(org, now, 'api_calls')).toMatchObject({ reported: 450, metered: 450 });

    // A claim 13 h old that never reached Stripe: stuck, resent on its own identifier (still inside Stripe's window).
    await aggregateUsageBatch([usage(org.id, 'p3', 'api_calls', 50, now)], {}, now);
    await setMark(org, now, 'api_calls', { pending: 500, pendingId: 'never-sent-b', pendingVia: 'meter', pendingAt: new Date(now.getTime() - 13 * HOUR).toISOString() });
    expect(await reportMeteredPeriod(entryOf(org, now), now)).toMatchObject({ stuck: 1, sent: 1 });
    const events = await meterEvents(org.stripeCustomerId!);
    expect(events.find((e) => e.identifier === 'never-sent-b')?.value).toBe(50);

    // One 30 h old that never arrived: the summary shows it missing, so it goes out once under a fresh identifier.
    await aggregateUsageBatch([usage(org.id, 'p4', 'api_calls', 25, now)], {}, now);
    await setMark(org, now, 'api_calls', { pending: 525, pendingId: 'expired-identifier-c', pendingVia: 'meter', pendingAt: new Date(now.getTime() - 30 * HOUR).toISOString() });
    expect(await reportMeteredPeriod(entryOf(org, now), now)).toMatchObject({ stuck: 1, sent: 1 });
    const after = await meterEvents(org.stripeCustomerId!);
    expect(total(after, 'argus_api_calls')).toBe(525);
    expect(after.some((e) => e.identifier === 'expired-identifier-c')).toBe(false);
    expect(after.every((e) => e.identifier.length <= 100)).toBe(true);
  });
});

describe('meter sink: fan-out', () => {
  it('the schedule enqueues one message per (org, period) and the stack’s consumer reports them; a rerun sends nothing twice', async () => {
    const now = await stripeNow();
    const orgs = await Promise.all([0, 1, 2].map(() => paidOrg(now)));
    await aggregateUsageBatch(orgs.map((o, i) => usage(o.id, `q${i}`, 'api_calls', 100 + i, now)), {}, now);
    const run = await enqueueMeteredPeriods(info.sqs.meterSinkQueueUrl, now);
    expect(run).toMatchObject({ done: true, failed: 0 });
    expect(run.enqueued).toBeGreaterThanOrEqual(3);
    for (const [i, o] of orgs.entries()) {
      const events = await eventually(() => meterEvents(o.stripeCustomerId!), (e) => total(e, 'argus_api_calls') === 100 + i, 20_000);
      expect(total(events, 'argus_api_calls')).toBe(100 + i);
    }
    await enqueueMeteredPeriods(info.sqs.meterSinkQueueUrl, now);
    await new Promise((r) => setTimeout(r, 3000));
    for (const [i, o] of orgs.entries()) expect(total(await meterEvents(o.stripeCustomerId!), 'argus_api_calls')).toBe(100 + i);
  });
});
