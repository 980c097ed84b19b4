import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { limitMicros } from './overage-budget';
import type { Money } from '../usage/pricing';

/**
 * The period's billed overage over all soft-capped metrics (overage-budget.ts), one item per (org, period):
 * PK `ORG#<orgId>`, SK `OVERSPEND#<periodStart>`, `micros`. Every write that moves a metric's overage ADDs its
 * change to it in the same TransactWriteItems (shared/credits/spend.ts, the aggregator, holds), so it is exact like the
 * counters; a write that may be refused (consume, reserve) carries the limit as the ADD's condition, so concurrent
 * consumes stop exactly at the budget, as hard caps stop at theirs. A new period starts a new item.
 */
export const overageSpendKey = (orgId: string, periodStart: string) => ({ PK: `ORG#${orgId}`, SK: `OVERSPEND#${periodStart}` });

/**
 * The ADD of `micros` (may be negative: a hold given back) as a transaction item; with `limit`, only while the sum
 * stays within it. Undefined when there is nothing to add.
 */
export function overageSpendUpdate(orgId: string, periodStart: string, micros: number, limit?: Money | null) {
  if (micros === 0) return undefined;
  const room = limit && micros > 0 ? limitMicros(limit) - micros : undefined;
  return {
    Update: {
      TableName: tableName,
      Key: overageSpendKey(orgId, periodStart),
      UpdateExpression: 'ADD micros :m',
      // A missing `micros` fails a comparison: an add larger than the whole limit is refused even on a fresh period.
      ...(room !== undefined ? { ConditionExpression: room >= 0 ? 'attribute_not_exists(micros) OR micros <= :room' : 'micros <= :room' } : {}),
      ExpressionAttributeValues: { ':m': micros, ...(room !== undefined ? { ':room': room } : {}) },
    },
  };
}

/** The period's billed overage so far, in micro-cents (strongly consistent). */
export async function readOverageSpend(orgId: string, periodStart: string): Promise<number> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: overageSpendKey(orgId, periodStart), ConsistentRead: true }));
  return Number(Item?.micros ?? 0);
}
