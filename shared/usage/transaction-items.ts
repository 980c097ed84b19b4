import { DEDUPE_TTL_SECONDS, usageKeys } from '../db/usage-keys';
import { historyCheck, placementPut } from './usage-placement';
import { tableName } from '../db/client';
import type { PlacedEvent, UsageGroup } from './group-events';
import { counterUpdate as creditCounterUpdate, grantSpendUpdate } from '../credits/spend-items';
import type { SpendPlan } from '../credits/spend-plan';
import { overageMicros } from '../spend-limit/overage-budget';
import { overageSpendUpdate } from '../spend-limit/overage-spend';

/** What each item of a usage transaction is, in the order of the TransactItems (CancellationReasons follow it). */
export type ItemRole = { kind: 'dedupe'; eventId: string } | { kind: 'placement' } | { kind: 'history' } | { kind: 'counter' } | { kind: 'daily'; bucket: string } | { kind: 'grant' } | { kind: 'overage' };

export interface UsageTransaction {
  items: Record<string, unknown>[];
  roles: ItemRole[];
}

/**
 * The items that record `events` of `group` exactly once:
 * - a dedupe put per event, only if the (org, id) record is absent or expired (TTL lags; expired counts as absent);
 * - one counter update: `sum`/`count` ADD the quantities (and llm tokens/cost); `max` SETs the group's maximum only
 *   if it exceeds the stored one; `last` SETs the value of the latest event by (timestamp, id) only if it is later;
 * - one update per daily bucket with the same aggregation;
 * - for a provisional (explorer) group: a placement item per event and a check that the org's history is still the one
 *   the events were placed by (group-events.ts).
 * `settled` names counter/daily items whose conditional SET already failed (the stored max/last wins): they are
 * written without it (the counter still counts the events). Stored max/last only ever grow, so settled stays true.
 */
export function usageTransaction(group: UsageGroup, events: PlacedEvent[], settled: ReadonlySet<string>, now: Date, credits?: SpendPlan, unitMicros = 0): UsageTransaction {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const items: Record<string, unknown>[] = [];
  const roles: ItemRole[] = [];
  for (const e of events) {
    roles.push({ kind: 'dedupe', eventId: e.id });
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...usageKeys.dedupe(group.orgId, e.id),
          type: 'usage-event',
          orgId: group.orgId,
          metric: group.metric,
          quantity: e.quantity,
          timestamp: e.timestamp,
          periodStart: group.period.start,
          source: 'ingest',
          expiresAt: nowSeconds + DEDUPE_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      },
    });
    if (group.provisional) {
      roles.push({ kind: 'placement' });
      items.push(placementPut(group.orgId, { eventId: e.id, metric: group.metric, aggregation: group.aggregation, quantity: e.quantity, timestamp: e.timestamp, periodStart: group.period.start, bucket: e.bucket, llm: e.llm }, now));
    }
  }
  if (group.provisional) {
    roles.push({ kind: 'history' });
    items.push(historyCheck(group.orgId, group.provisional.historyVersion));
  }

  roles.push({ kind: 'counter' });
  if (credits) {
    // sum/count: the quantity is paid for by the plan (spend-plan.ts): included, then credits, then overage.
    const quantity = events.reduce((s, e) => s + e.quantity, 0);
    const extra = counterExtras(events);
    items.push(creditCounterUpdate(group.orgId, group.period.start, group.metric, { used: quantity, credited: credits.covered, net: quantity - credits.covered }, credits.condition, extra));
    for (const spend of credits.spends) {
      roles.push({ kind: 'grant' });
      items.push(grantSpendUpdate(group.orgId, spend, now.getTime()));
    }
    // Reported usage is never refused: its overage goes on the period's spend (shared/spend-limit) unconditionally.
    const overage = overageSpendUpdate(group.orgId, group.period.start, overageMicros(credits.uncovered, unitMicros));
    if (overage) {
      roles.push({ kind: 'overage' });
      items.push(overage);
    }
  } else {
    items.push({ Update: { TableName: tableName, Key: usageKeys.counter(group.orgId, group.period.start, group.metric), ...counterUpdate(group, events, settled.has('counter')) } });
  }

  const byBucket = new Map<string, PlacedEvent[]>();
  for (const e of events) byBucket.set(e.bucket, [...(byBucket.get(e.bucket) ?? []), e]);
  for (const [bucket, bucketEvents] of byBucket) {
    if (settled.has(`daily:${bucket}`)) continue;
    roles.push({ kind: 'daily', bucket });
    items.push({ Update: { TableName: tableName, Key: usageKeys.daily(group.orgId, group.metric, bucket), ...valueUpdate(group.aggregation, bucketEvents, '#value', {}) } });
  }
  return { items, roles };
}

/** The key `settled` uses for an item role. */
export function settledKey(role: ItemRole): string {
  return role.kind === 'daily' ? `daily:${role.bucket}` : role.kind;
}

function counterExtras(events: PlacedEvent[]): Record<string, number> {
  const add: Record<string, number> = { events: events.length };
  const llm = events.filter((e) => e.llm);
  if (llm.length) {
    add.costMicros = llm.reduce((s, e) => s + e.llm!.costMicros, 0);
    add.tokensIn = llm.reduce((s, e) => s + e.llm!.tokensIn, 0);
    add.tokensOut = llm.reduce((s, e) => s + e.llm!.tokensOut, 0);
  }
  return add;
}

function counterUpdate(group: UsageGroup, events: PlacedEvent[], settled: boolean) {
  const add = counterExtras(events);
  return valueUpdate(settled ? 'count-only' : group.aggregation, events, 'used', add);
}

/**
 * An update of `target` (the counter's `used` or a bucket's `value`) plus plain ADDs. `count-only` leaves the value
 * alone (a max/last that lost its condition) and only adds.
 */
function valueUpdate(aggregation: UsageGroup['aggregation'] | 'count-only', events: PlacedEvent[], target: string, extraAdds: Record<string, number>) {
  const names: Record<string, string> = target.startsWith('#') ? { [target]: target.slice(1) } : {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(extraAdds).map(([attr, n]) => {
    values[`:${attr}`] = n;
    return `${attr} :${attr}`;
  });
  const sets: string[] = [];
  let condition: string | undefined;
  switch (aggregation) {
    case 'sum':
    case 'count':
      values[':q'] = events.reduce((s, e) => s + e.quantity, 0);
      adds.unshift(`${target} :q`);
      break;
    case 'max':
      values[':q'] = Math.max(...events.map((e) => e.quantity));
      sets.push(`${target} = :q`);
      condition = `attribute_not_exists(${target}) OR ${target} < :q`;
      break;
    case 'last': {
      const latest = events.reduce((a, b) => (orderKey(b) > orderKey(a) ? b : a));
      values[':q'] = latest.quantity;
      values[':k'] = orderKey(latest);
      sets.push(`${target} = :q`, 'lastKey = :k');
      condition = 'attribute_not_exists(lastKey) OR lastKey < :k';
      break;
    }
    case 'count-only':
      break;
  }
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' ');
  return {
    UpdateExpression: expression,
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Order of `last`: by timestamp, ties broken by id, so every delivery order ends on the same value. */
function orderKey(e: PlacedEvent): string {
  return `${e.timestamp}#${e.id}`;
}
