import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';
import { grantKeys } from './grants';
import type { CounterCondition, CounterState, GrantSpend } from './spend-plan';

/**
 * The table side of spending (spend-plan.ts): the counter's credit attributes and the grant updates, as items of the
 * caller's TransactWriteItems. Every path that records usage or holds quantity (quota consume, holds, the usage
 * aggregator) writes its plan with these, so there is one mechanism: a grant's `remaining` only goes down by a
 * conditional ADD that cannot pass zero or an expiry, and only in the transaction that records (or holds) the usage
 * with its dedupe record, so a retried consume or batch never spends twice.
 */
export interface CounterRead extends CounterState {
  used: number;
  held: number;
  credited: number;
  heldCredited: number;
}

/** The counter strongly consistent, with `net` set first on a counter written before `net` existed. */
export async function readCounterState(orgId: string, periodStart: string, metric: string): Promise<CounterRead> {
  const key = usageKeys.counter(orgId, periodStart, metric);
  for (let attempt = 0; ; attempt++) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    const read = counterRead(Item);
    if (!Item || Item.used === undefined || Item.net !== undefined || attempt > 5) return read;
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET net = :net',
          ConditionExpression: 'attribute_not_exists(net) AND used = :used',
          ExpressionAttributeValues: { ':net': read.net, ':used': read.used },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

export function counterRead(item: Record<string, unknown> | undefined): CounterRead {
  const used = Number(item?.used ?? 0);
  const held = Number(item?.held ?? 0);
  const credited = Number(item?.credited ?? 0);
  const heldCredited = Number(item?.heldCredited ?? 0);
  return { exists: item?.used !== undefined || item?.net !== undefined, used, held, credited, heldCredited, net: item?.net === undefined ? used + held - credited - heldCredited : Number(item.net) };
}

/** The condition expression (and its values) that keeps a plan true on the counter. */
export function counterCondition(condition: CounterCondition): { ConditionExpression: string; values: Record<string, number> } {
  switch (condition.kind) {
    case 'absent':
      return { ConditionExpression: 'attribute_not_exists(used) AND attribute_not_exists(net)', values: {} };
    case 'within':
      // A fresh counter has room for anything within the included amount (bound >= 0).
      return condition.bound >= 0
        ? { ConditionExpression: '(attribute_not_exists(used) AND attribute_not_exists(net)) OR net <= :bound', values: { ':bound': condition.bound } }
        : { ConditionExpression: 'net <= :bound', values: { ':bound': condition.bound } };
    case 'past':
      return { ConditionExpression: 'net >= :included', values: { ':included': condition.included } };
    case 'exact':
      return { ConditionExpression: 'net = :net', values: { ':net': condition.net } };
  }
}

export interface CounterChange {
  used?: number;
  held?: number;
  credited?: number;
  heldCredited?: number;
  net: number;
  events?: number;
}

/** ADDs of a counter change plus its condition, as the counter's Update item. */
export function counterUpdate(orgId: string, periodStart: string, metric: string, change: CounterChange, condition?: CounterCondition, extraAdds: Record<string, number> = {}) {
  const adds: Record<string, number> = { ...extraAdds };
  for (const [attr, value] of Object.entries(change)) if (value !== undefined && (value !== 0 || attr === 'net' || attr === 'used')) adds[attr] = value;
  const values: Record<string, number> = {};
  const parts = Object.entries(adds).map(([attr, value]) => {
    values[`:a_${attr}`] = value;
    return `${attr} :a_${attr}`;
  });
  const cond = condition ? counterCondition(condition) : undefined;
  return {
    Update: {
      TableName: tableName,
      Key: usageKeys.counter(orgId, periodStart, metric),
      UpdateExpression: `ADD ${parts.join(', ')}`,
      ...(cond ? { ConditionExpression: cond.ConditionExpression } : {}),
      ExpressionAttributeValues: { ...values, ...(cond?.values ?? {}) },
    },
  };
}

/** A grant spend: its remaining goes down by `amount` only while it has that much and has not expired. */
export function grantSpendUpdate(orgId: string, spend: GrantSpend, nowMs: number) {
  return {
    Update: {
      TableName: tableName,
      Key: { PK: grantKeys.pk(orgId), SK: grantKeys.sk(spend.grantId) },
      UpdateExpression: 'ADD remaining :minus',
      ConditionExpression: 'remaining >= :amount AND (attribute_not_exists(expiresAtMs) OR expiresAtMs > :now)',
      ExpressionAttributeValues: { ':minus': -spend.amount, ':amount': spend.amount, ':now': nowMs },
    },
  };
}

/** Credits a hold gives back (spend-plan.ts holdRefunds): to a grant that has expired since, they simply stop counting. */
export function grantRefundUpdate(orgId: string, refund: GrantSpend) {
  return {
    Update: {
      TableName: tableName,
      Key: { PK: grantKeys.pk(orgId), SK: grantKeys.sk(refund.grantId) },
      UpdateExpression: 'ADD remaining :plus',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':plus': refund.amount },
    },
  };
}
