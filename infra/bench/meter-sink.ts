import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Org } from '../../shared/db/orgs';
import { usageKeys } from '../../shared/db/usage-keys';
import { periodContaining } from '../../shared/usage/period';
import type { LocalStackInfo } from '../local/state';
import { schedules } from '../routes';

export interface MeterSinkBenchResult {
  orgs: number;
  /** From the schedule's trigger until Stripe (the emulator) holds every org's usage on every metered metric. */
  seconds: number;
  /** Stripe API requests the run made, per org (the emulator counts them). */
  stripeCallsPerOrg: number;
  metricsPerOrg: number;
  scheduleWindowSeconds: number;
  withinScheduleWindow: boolean;
}

const METRICS = [
  { metric: 'api_calls', event: 'argus_api_calls', used: (i: number) => 100_000 + i },
  { metric: 'storage_gb', event: 'argus_storage_gb', used: (i: number) => 100 + (i % 50) + 0.5 },
] as const;

/**
 * The meter sink at scale on the local stack: `orgs` paid orgs (professional, each its own Stripe customer) with usage
 * on two metered metrics (a counter and a fractional gauge) in their current period, written straight into the table
 * as the aggregator leaves it. Then the schedule runs once (`POST /_local/schedules/usage-meter-sink`): it fans out one
 * message per (org, period) and the stack's consumers report them. Timed until the emulator holds every org's values.
 */
export async function meterSinkBench(info: LocalStackInfo, orgCount = 2000): Promise<MeterSinkBenchResult> {
  // shared/db reads its table name at load; the bench writes with its own client, so the stack's name is enough.
  process.env.TABLE_NAME ??= info.dynamodb.tableName;
  const { orgToItem } = await import('../../shared/db/orgs');
  const { stripeClientFor } = await import('../../shared/clients/stripe-factory');
  const stripe = stripeClientFor('sk_test_argus_local', info.stripe.apiUrl);
  const control = async <T>(path: string, method = 'GET'): Promise<T> => (await fetch(`${info.stripe.apiUrl}${path}`, { method })).json() as Promise<T>;
  const now = new Date((await control<{ now: number }>('/_emulator/clock')).now * 1000);
  const anchor = new Date(now.getTime() - 2 * 86_400_000);
  const period = periodContaining(anchor, now);

  const customers: string[] = new Array(orgCount);
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < orgCount) {
      const i = next++;
      customers[i] = (await stripe.customers.create({ email: `bench-${i}@example.test` })).id;
    }
  }));

  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb.endpoint, credentials: { ...info.credentials } }));
  const run = randomUUID().slice(0, 8);
  const items = customers.flatMap((customer, i) => {
    const org: Org = { id: `org_bench_${run}_${i}`, name: `bench ${i}`, slug: `bench-${run}-${i}`, planId: 'professional', createdAt: now.toISOString(), subscriptionStatus: 'active', billingAnchor: anchor.toISOString(), stripeCustomerId: customer };
    return [
      orgToItem(org),
      ...METRICS.map((m) => ({ ...usageKeys.counter(org.id, period.start, m.metric), type: 'usage-counter', used: m.used(i), events: 1 })),
      { ...usageKeys.meterIndex(period.start, org.id), type: 'usage-meter-index', orgId: org.id, periodStart: period.start, periodEnd: period.end, planId: org.planId, stripeCustomerId: customer },
    ];
  });
  for (let i = 0; i < items.length; i += 25) {
    let batch: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (batch?.length) {
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [info.dynamodb.tableName]: batch as never } }));
      batch = out.UnprocessedItems?.[info.dynamodb.tableName] as Record<string, unknown>[] | undefined;
    }
  }
  ddb.destroy();

  const wanted = new Set(customers);
  const before = (await control<{ count: number }>('/_emulator/requests')).count;
  const started = performance.now();
  const trigger = await fetch(`${info.apiUrl}/_local/schedules/usage-meter-sink`, { method: 'POST' });
  if (!trigger.ok) throw new Error(`schedule trigger -> ${trigger.status} ${await trigger.text()}`);
  const windowSeconds = (schedules.find((s) => s.handler === 'usage-meter-sink')?.everyMinutes ?? 5) * 60;
  let reported = 0;
  while (performance.now() - started < 2 * windowSeconds * 1000) {
    const { events } = await control<{ events: { customer: string; event_name: string; value: number }[] }>('/_emulator/meter-events');
    reported = events.filter((e) => wanted.has(e.customer)).length;
    if (reported >= orgCount * METRICS.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (reported < orgCount * METRICS.length) throw new Error(`meter sink reported ${reported} of ${orgCount * METRICS.length} values in ${seconds} s`);
  const calls = (await control<{ count: number }>('/_emulator/requests')).count - before;
  return { orgs: orgCount, seconds, stripeCallsPerOrg: Math.round((calls / orgCount) * 100) / 100, metricsPerOrg: METRICS.length, scheduleWindowSeconds: windowSeconds, withinScheduleWindow: seconds <= windowSeconds };
}
