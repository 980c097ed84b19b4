import '../../infra/local/testing/local-env';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localStack } from '../../infra/local/testing/local-stack';
import { stripeClientFor } from '../clients/stripe-factory';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';
import { aggregateUsageBatch } from './aggregate-batch';
import { runMeterSink } from './meter-sink';
import { billingPeriodAt } from './org-periods';
import { createOrg } from './testing/fixtures';

const info = localStack();
const stripe = stripeClientFor('sk_test_argus_local', info.stripe.apiUrl);

async function meterTotals(customer: string): Promise<{ totals: Record<string, number>; duplicates: number }> {
  const summary = (await (await fetch(`${info.stripe.apiUrl}/_emulator/meter-events`)).json()) as {
    duplicates_rejected: number;
    totals: { event_name: string; customer: string; value: number }[];
  };
  return { totals: Object.fromEntries(summary.totals.filter((t) => t.customer === customer).map((t) => [t.event_name, t.value])), duplicates: summary.duplicates_rejected };
}

async function meterEvents() {
  return ((await (await fetch(`${info.stripe.apiUrl}/_emulator/meter-events`)).json()) as { events: { identifier: string; customer: string; event_name: string; value: number; timestamp: number }[] }).events;
}

/** The emulator's clock: other tests move it (months ahead, at times), and Stripe checks meter timestamps against it. */
async function stripeNow(): Promise<Date> {
  const { now } = (await (await fetch(`${info.stripe.apiUrl}/_emulator/clock`)).json()) as { now: number };
  return new Date(now * 1000);
}

const usage = (orgId: string, id: string, metric: string, quantity: number, sentAt: Date) => ({
  messageId: id,
  body: JSON.stringify({ id, orgId, metric, quantity }),
  sentAt,
});

describe('Stripe meter sink', () => {
  it('reports paid usage with deterministic identifiers: reruns and a crash between send and commit send nothing twice', async () => {
    const now = await stripeNow();
    const customer = await stripe.customers.create({ email: 'meter@example.test' });
    const org = await createOrg({ planId: 'professional', subscriptionStatus: 'active', billingAnchor: new Date(now.getTime() - 2 * 86_400_000).toISOString(), stripeCustomerId: customer.id });
    await aggregateUsageBatch([usage(org.id, 'a1', 'api_calls', 70_000, now), usage(org.id, 'a2', 'api_calls', 50_000, now), usage(org.id, 's1', 'storage_gb', 150, now)], {}, now);

    await runMeterSink(now);
    expect((await meterTotals(customer.id)).totals).toEqual({ argus_api_calls: 120_000, argus_storage_gb: 150 });
    const rerun = await runMeterSink(now);
    expect(rerun.sent).toBe(0);
    expect((await meterTotals(customer.id)).totals).toEqual({ argus_api_calls: 120_000, argus_storage_gb: 150 });

    await aggregateUsageBatch([usage(org.id, 'a3', 'api_calls', 5_000, now), usage(org.id, 'a1', 'api_calls', 70_000, now)], {}, now);
    await runMeterSink(now);
    expect((await meterTotals(customer.id)).totals.argus_api_calls).toBe(125_000);

    // A run that sent 120,000 -> 125,000 and crashed before committing leaves `pending`; the next run resends exactly
    // that event, Stripe refuses it as a duplicate identifier, and the watermark moves on.
    const period = billingPeriodAt(org, now);
    const lastSend = (await meterEvents()).filter((e) => e.customer === customer.id && e.event_name === 'argus_api_calls').pop()!;
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: usageKeys.meterMark(org.id, period.start, 'api_calls'),
        UpdateExpression: 'SET reported = :r, metered = :r, pending = :p, pendingId = :id, pendingVia = :via, pendingAt = :at',
        ExpressionAttributeValues: { ':r': 120_000, ':p': 125_000, ':id': lastSend.identifier, ':via': 'meter', ':at': now.toISOString() },
      }),
    );
    const before = (await meterTotals(customer.id)).duplicates;
    const recovered = await runMeterSink(now);
    expect(recovered.alreadyThere).toBeGreaterThanOrEqual(1);
    const after = await meterTotals(customer.id);
    expect(after.totals).toEqual({ argus_api_calls: 125_000, argus_storage_gb: 150 });
    expect(after.duplicates).toBeGreaterThan(before);
  });

  it('a `last` meter whose level returns to one reported before is reported again: identifiers never repeat', async () => {
    const now = await stripeNow();
    const customer = await stripe.customers.create({ email: 'meter-last@example.test' });
    const org = await createOrg({ planId: 'professional', subscriptionStatus: 'active', billingAnchor: new Date(now.getTime() - 2 * 86_400_000).toISOString(), stripeCustomerId: customer.id });
    await aggregateUsageBatch([usage(org.id, 'g1', 'storage_gb', 150, now)], {}, now);
    await runMeterSink(now);

    // A `last` gauge goes down and back up (the default catalog's storage_gb is `max`, so its counter is set directly).
    const period = billingPeriodAt(org, now);
    const setLevel = (used: number) =>
      ddb.send(new UpdateCommand({ TableName: tableName, Key: usageKeys.counter(org.id, period.start, 'storage_gb'), UpdateExpression: 'SET used = :u', ExpressionAttributeValues: { ':u': used } }));
    await setLevel(120);
    await runMeterSink(new Date(now.getTime() + 60_000));
    await setLevel(150);
    await runMeterSink(new Date(now.getTime() + 120_000));

    const { events } = (await (await fetch(`${info.stripe.apiUrl}/_emulator/meter-events`)).json()) as { events: { customer: string; event_name: string; value: number; timestamp: number }[] };
    const levels = events.filter((e) => e.customer === customer.id && e.event_name === 'argus_storage_gb').sort((a, b) => a.timestamp - b.timestamp);
    expect(levels.map((e) => e.value)).toEqual([150, 120, 150]);
  });
});
