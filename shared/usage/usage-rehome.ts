import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { cancellationCodes } from '../db/transactions';
import { orgFromItem, orgKeys, type Org } from '../db/orgs';
import { usageKeys } from '../db/usage-keys';
import { logger } from '../logger';
import { catalog, findPlan } from '../plans/catalog';
import { registerForMetering } from './metering-index';
import { placedPeriodAt } from './org-periods';
import { dailyBucketStart, type BillingPeriod } from './period';
import { historyCheck, type Placement } from './usage-placement';

const MAX_ROUNDS = 5;

export interface RehomeOutcome {
  moved: number;
}

/**
 * Usage counted before the webhook that explains it: between a checkout's completion and its webhook, the org's
 * history still says explorer, so events timestamped after the subscription started were counted into explorer's
 * calendar period. Every such event left a placement item (usage-placement.ts). After the processor writes a new
 * history it calls this: each placement whose timestamp the history now places in another period is moved, in one
 * transaction per event, out of the old period's counter and daily bucket into the new period's — exactly once (the
 * transaction is conditioned on the placement still naming the old period, and on the history version it was computed
 * from). So a period's total keeps equal to the sum of its series, and nothing is counted twice or lost.
 *
 * Gauges (`max`/`last`) are raised in the new period; the old period keeps its level (a maximum cannot be taken back).
 */
export async function rehomeUsage(orgId: string, now = new Date()): Promise<RehomeOutcome> {
  let moved = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const org = await readOrg(orgId);
    if (!org) return { moved };
    const stale = (await placements(orgId, now)).flatMap((p) => {
      const target = placedPeriodAt(org, new Date(p.timestamp));
      return target.start === p.periodStart ? [] : [{ p, target }];
    });
    if (!stale.length) return { moved };
    let raced = false;
    for (const { p, target } of stale) {
      const result = await move(org, p, target, now);
      if (result === 'moved') moved++;
      if (result === 'raced') raced = true;
    }
    if (!raced) return { moved };
  }
  throw new Error(`org ${orgId}: usage could not be re-homed under a changing history`);
}

async function readOrg(orgId: string): Promise<Org | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() }, ConsistentRead: true }));
  return Item ? orgFromItem(Item) : undefined;
}

async function placements(orgId: string, now: Date): Promise<Placement[]> {
  const out: Placement[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': orgKeys.pk(orgId), ':prefix': usageKeys.placementPrefix() },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    // TTL deletes lag; an expired placement is no longer re-homed.
    for (const item of page.Items ?? []) if (Number(item.expiresAt) >= Math.floor(now.getTime() / 1000)) out.push(item as unknown as Placement);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

type MoveResult = 'moved' | 'raced';

async function move(org: Org, p: Placement, target: BillingPeriod & { planId: string }, now: Date): Promise<MoveResult> {
  // The meter sink must find a paid period before usage lands in it (as the writers do).
  if ((findPlan(target.planId)?.prices ?? []).some((price) => price.amount > 0)) await registerForMetering({ ...org, planId: target.planId }, target);
  const newBucket = dailyBucketStart(new Date(p.timestamp), target);
  const placementKey = usageKeys.placement(org.id, p.timestamp, p.eventId);
  const stillExplorer = target.planId === catalog.defaultPlanId;
  const gauge = p.aggregation === 'max' || p.aggregation === 'last';
  // Gauges raise the target only where it is below (max) or older (last); a refused raise means the target already wins.
  let raises = gauge ? ['counter', 'daily'] : [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const items: Record<string, unknown>[] = [
      stillExplorer
        ? { Update: { TableName: tableName, Key: placementKey, UpdateExpression: 'SET periodStart = :to, bucket = :bucket', ConditionExpression: 'periodStart = :from', ExpressionAttributeValues: { ':to': target.start, ':bucket': newBucket, ':from': p.periodStart } } }
        : { Delete: { TableName: tableName, Key: placementKey, ConditionExpression: 'periodStart = :from', ExpressionAttributeValues: { ':from': p.periodStart } } },
      historyCheck(org.id, org.historyVersion),
    ];
    const roles = ['placement', 'history'];
    if (!gauge) {
      items.push(add(usageKeys.counter(org.id, p.periodStart, p.metric), 'used', -1, p), add(usageKeys.daily(org.id, p.metric, p.bucket), 'value', -1, p, false));
      items.push(add(usageKeys.counter(org.id, target.start, p.metric), 'used', 1, p), add(usageKeys.daily(org.id, p.metric, newBucket), 'value', 1, p, false));
      roles.push('old-counter', 'old-daily', 'counter', 'daily');
    } else {
      const targets = { counter: usageKeys.counter(org.id, target.start, p.metric), daily: usageKeys.daily(org.id, p.metric, newBucket) };
      for (const role of raises as ('counter' | 'daily')[]) {
        items.push(raise(targets[role], role === 'counter' ? 'used' : 'value', p));
        roles.push(role);
      }
    }
    try {
      await ddb.send(new TransactWriteCommand({ TransactItems: items as never }));
      logger.info('usage re-homed', { orgId: org.id, eventId: p.eventId, from: p.periodStart, to: target.start });
      return 'moved';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const failed = new Set(codes.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [roles[i]] : [])));
      // Moved by someone else, or computed from a history that has changed since: read again.
      if (failed.has('placement') || failed.has('history')) return 'raced';
      if (failed.size) raises = raises.filter((r) => !failed.has(r));
    }
  }
  return 'raced';
}

/** ADD `sign` × the event to a counter (with its event count and llm amounts) or a daily bucket. */
function add(key: Record<string, string>, attribute: 'used' | 'value', sign: 1 | -1, p: Placement, counter = true) {
  const values: Record<string, number> = { ':q': sign * p.quantity };
  const adds = [`#a :q`];
  if (counter) {
    values[':events'] = sign;
    // `net` follows `used` (shared/credits/spend-plan.ts): what moves was paid for by no credit (explorer's included amount or overage).
    adds.push('events :events', 'net :q');
    if (p.llm) {
      Object.assign(values, { ':cost': sign * p.llm.costMicros, ':in': sign * p.llm.tokensIn, ':out': sign * p.llm.tokensOut });
      adds.push('costMicros :cost', 'tokensIn :in', 'tokensOut :out');
    }
  }
  return { Update: { TableName: tableName, Key: key, UpdateExpression: `ADD ${adds.join(', ')}`, ExpressionAttributeNames: { '#a': attribute }, ExpressionAttributeValues: values } };
}

/** A gauge in the target period, set to the event's level only where that wins (the aggregator's own max/last rules). */
function raise(key: Record<string, string>, attribute: 'used' | 'value', p: Placement) {
  const names = { '#a': attribute };
  if (p.aggregation === 'max') {
    return { Update: { TableName: tableName, Key: key, UpdateExpression: 'SET #a = :q', ConditionExpression: 'attribute_not_exists(#a) OR #a < :q', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':q': p.quantity } } };
  }
  const order = `${p.timestamp}#${p.eventId}`;
  return { Update: { TableName: tableName, Key: key, UpdateExpression: 'SET #a = :q, lastKey = :k', ConditionExpression: 'attribute_not_exists(lastKey) OR lastKey < :k', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':q': p.quantity, ':k': order } } };
}
