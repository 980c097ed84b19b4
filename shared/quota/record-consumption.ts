import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { DEDUPE_TTL_SECONDS, usageKeys } from '../db/usage-keys';
import { priorUse, type PriorUse } from '../usage/event-content';
import { dailyBucketStart, type BillingPeriod } from '../usage/period';
import { placementPut } from '../usage/usage-placement';

export interface Consumption {
  orgId: string;
  metric: string;
  quantity: number;
  /** The usage event id: the idempotency key shared with the usage ingestion paths. */
  eventId: string;
  period: BillingPeriod;
  at: Date;
  /** `included - quantity` for a hard cap: the counter takes the quantity only while `used <= bound`. None for soft caps. */
  hardCapBound?: number;
  /** An explorer period: also written as a placement (shared/usage/usage-rehome.ts). */
  provisional?: boolean;
}

/**
 * `recorded`: counted now. `duplicate`: the event id was already counted (by any path) with the same metric and
 * quantity. `conflict`: the id was counted with another metric or quantity; nothing written. `over_cap`: refused,
 * nothing written.
 */
export type ConsumptionOutcome = 'recorded' | 'duplicate' | 'conflict' | 'over_cap';

const MAX_ATTEMPTS = 12;

/**
 * Records a consumed quantity as ordinary usage in ONE TransactWriteItems, on the same items the usage aggregator
 * writes: the event id's dedupe record (put only if absent or expired), the period counter (`ADD used`, for a hard cap
 * conditioned on the bound so it can never pass the cap under any concurrency) and the daily bucket. Either all three
 * happen or none (with, in an explorer period, its placement item). Conflicts with concurrent transactions on the same counter are retried with jittered backoff.
 */
export async function recordConsumption(c: Consumption): Promise<ConsumptionOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: transactItems(c) }));
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [dedupe, counter] = (error.CancellationReasons ?? []).map((r) => r.Code);
      if (dedupe === 'ConditionalCheckFailed' || counter === 'ConditionalCheckFailed') {
        // The cancellation may not name every failed condition: a refused retry of a counted id is still a retry.
        const prior = await priorUseOf(c);
        if (prior !== 'absent') return prior === 'same' ? 'duplicate' : 'conflict';
        if (counter === 'ConditionalCheckFailed') return 'over_cap';
        // Otherwise the record expired between the write and the read: the id is free again, so write once more.
      }
      if (attempt >= MAX_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

/** How the consume relates to what its id already recorded (read strongly consistent, after the write was refused). */
export async function priorUseOf(c: Pick<Consumption, 'orgId' | 'eventId' | 'metric' | 'quantity' | 'at'>): Promise<PriorUse> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: usageKeys.dedupe(c.orgId, c.eventId), ConsistentRead: true }));
  return priorUse(Item, c, c.at);
}

function transactItems(c: Consumption) {
  const nowSeconds = Math.floor(c.at.getTime() / 1000);
  const hard = c.hardCapBound !== undefined;
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
          source: 'quota',
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
        Key: usageKeys.counter(c.orgId, c.period.start, c.metric),
        UpdateExpression: 'ADD used :q, events :one',
        ...(hard
          ? {
              ConditionExpression: 'attribute_not_exists(used) OR used <= :bound',
              ExpressionAttributeValues: { ':q': c.quantity, ':one': 1, ':bound': c.hardCapBound },
            }
          : { ExpressionAttributeValues: { ':q': c.quantity, ':one': 1 } }),
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

function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(250, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
