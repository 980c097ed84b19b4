import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { spendAtomically } from '../credits/spend';
import { ddb, tableName } from '../db/client';
import { DEDUPE_TTL_SECONDS, usageKeys } from '../db/usage-keys';
import { priorUse, type PriorUse } from '../usage/event-content';
import { dailyBucketStart, type BillingPeriod } from '../usage/period';
import { placementPut } from '../usage/usage-placement';
import type { Money } from '../usage/pricing';

export interface Consumption {
  orgId: string;
  metric: string;
  quantity: number;
  /** The usage event id: the idempotency key shared with the usage ingestion paths. */
  eventId: string;
  period: BillingPeriod;
  at: Date;
  /** The plan's included amount for the metric this period. */
  included: number;
  /** Hard cap: refused (nothing written) past what the included amount and the org's credits cover. */
  hard: boolean;
  /** An explorer period: also written as a placement (shared/usage/usage-rehome.ts). */
  provisional?: boolean;
  /** Soft caps with an overage price: the period's overage spend and the org's limit on it (shared/spend-limit). */
  overage?: { unitMicros: number; limit: Money | null };
}

/**
 * `recorded`: counted now. `duplicate`: the event id was already counted (by any path) with the same metric and
 * quantity. `conflict`: the id was counted with another metric or quantity; nothing written. `over_cap`: refused,
 * nothing written. `spend_limit`: a soft cap's overage would pass the org's spend limit; refused, nothing written.
 */
export type ConsumptionOutcome = 'recorded' | 'duplicate' | 'conflict' | 'over_cap' | 'spend_limit';

/**
 * Records a consumed quantity as ordinary usage in ONE TransactWriteItems, on the same items the usage aggregator
 * writes: the event id's dedupe record (put only if absent or expired), the period counter (`ADD used`, for a hard cap
 * conditioned so it can never pass the included amount plus the credits spent with it, under any concurrency), the
 * grants it spends (shared/credits/spend.ts) and the daily bucket. Either all happen or none (with, in an explorer
 * period, its placement item).
 */
export async function recordConsumption(c: Consumption): Promise<ConsumptionOutcome> {
  for (let attempt = 1; ; attempt++) {
    const result = await spendAtomically({
      orgId: c.orgId,
      metric: c.metric,
      periodStart: c.period.start,
      included: c.included,
      quantity: c.quantity,
      refuse: c.hard,
      now: c.at,
      items: () => ownItems(c),
      change: (plan) => ({ used: c.quantity, credited: plan.covered, net: c.quantity - plan.covered, events: 1 }),
      ...(c.overage ? { overage: c.overage } : {}),
    });
    if (result.outcome === 'written') return 'recorded';
    // The cancellation may not name every failed condition: a refused retry of a counted id is still a retry.
    const prior = await priorUseOf(c);
    if (prior !== 'absent') return prior === 'same' ? 'duplicate' : 'conflict';
    if (result.outcome === 'refused') return 'over_cap';
    if (result.outcome === 'over_limit') return 'spend_limit';
    // Otherwise the record expired between the write and the read: the id is free again, so write once more.
    if (attempt >= 3) throw new Error(`usage id ${c.eventId} could not be recorded`);
  }
}

/** How the consume relates to what its id already recorded (read strongly consistent, after the write was refused). */
export async function priorUseOf(c: Pick<Consumption, 'orgId' | 'eventId' | 'metric' | 'quantity' | 'at'>): Promise<PriorUse> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: usageKeys.dedupe(c.orgId, c.eventId), ConsistentRead: true }));
  return priorUse(Item, c, c.at);
}

/** The usage event's own items: its dedupe record first (the idempotency item), the daily bucket, its placement. */
export function ownItems(c: Pick<Consumption, 'orgId' | 'metric' | 'quantity' | 'eventId' | 'period' | 'at' | 'provisional'>, source = 'quota') {
  const nowSeconds = Math.floor(c.at.getTime() / 1000);
  const bucket = dailyBucketStart(c.at, c.period);
  // No history check here (unlike the aggregator): a check on the org item in every consume made hundreds of
  // concurrent consumes conflict past their retries. A consume racing the webhook's re-homing by milliseconds keeps its
  // placement, moved by the org's next subscription webhook.
  const provisional = c.provisional
    ? [placementPut(c.orgId, { eventId: c.eventId, metric: c.metric, aggregation: 'sum', quantity: c.quantity, timestamp: c.at.toISOString(), periodStart: c.period.start, bucket }, c.at)]
    : [];
  return [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...usageKeys.dedupe(c.orgId, c.eventId),
          type: 'usage-event',
          orgId: c.orgId,
          metric: c.metric,
          quantity: c.quantity,
          timestamp: c.at.toISOString(),
          periodStart: c.period.start,
          source,
          expiresAt: nowSeconds + DEDUPE_TTL_SECONDS,
        },
        // An expired record that TTL has not deleted yet no longer counts as a duplicate.
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: usageKeys.daily(c.orgId, c.metric, bucket),
        UpdateExpression: 'ADD #value :q',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':q': c.quantity },
      },
    },
    ...provisional,
  ];
}
