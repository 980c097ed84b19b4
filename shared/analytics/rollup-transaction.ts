import { tableName } from '../db/client';
import { ACTIVE_MARKER_TTL_SECONDS, ANALYTICS_DEDUPE_TTL_SECONDS, analyticsKeys, LATENCY_ATTRIBUTE_PREFIX } from '../db/analytics-keys';
import { rollupDeltas, rollupDimensions, rollupSk, type RollupDelta } from './rollup-deltas';
import { eventDay, type TelemetryEvent } from './validate-event';

/** One occurrence of an event in a queue message. */
export interface QueuedEvent {
  orgId: string;
  event: TelemetryEvent;
  /** The SQS message it came in: recorded on the dedupe record (which message's raw file holds the event). */
  source: string;
  /** Who the event counts as active for dau/mau, if anyone (active-users.ts). */
  actor: string | null;
}

export type ItemRole = { kind: 'dedupe'; index: number } | { kind: 'rollup' } | { kind: 'active' };

export interface AnalyticsTransaction {
  items: Record<string, unknown>[];
  roles: ItemRole[];
}

/** DynamoDB's limit of items per TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * The items that record `events` exactly once, all in one transaction (the usage aggregator's discipline,
 * shared/usage/transaction-items.ts): a dedupe put per event (only if the (org, id) record is absent or expired), one
 * ADD per rollup the events touch, and an active-user marker per (day, actor) (a plain put: idempotent).
 * A cancelled transaction names the duplicates by their dedupe items; the caller drops them and builds it again.
 */
export function analyticsTransaction(events: QueuedEvent[], now: Date): AnalyticsTransaction {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const items: Record<string, unknown>[] = [];
  const roles: ItemRole[] = [];
  events.forEach((e, index) => {
    roles.push({ kind: 'dedupe', index });
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...analyticsKeys.dedupe(e.orgId, e.event.id), type: 'analytics-event', orgId: e.orgId, eventType: e.event.eventType, timestamp: e.event.timestamp, source: e.source, expiresAt: nowSeconds + ANALYTICS_DEDUPE_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
      },
    });
  });
  for (const delta of rollupDeltas(events)) {
    roles.push({ kind: 'rollup' });
    items.push({ Update: { TableName: tableName, Key: { PK: `ORG#${delta.orgId}`, SK: delta.sk }, ...rollupUpdate(delta) } });
  }
  for (const { day, actor, orgId } of activeMarkers(events).values()) {
    roles.push({ kind: 'active' });
    const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + ACTIVE_MARKER_TTL_SECONDS;
    items.push({ Put: { TableName: tableName, Item: { ...analyticsKeys.active(day, actor), type: 'analytics-active', day, actor, orgId, expiresAt } } });
  }
  return { items, roles };
}

/** How many items `events` need in one transaction (dedupe puts + rollups + active markers). */
export function transactionSize(events: QueuedEvent[]): number {
  return events.length + rollupDeltas(events).length + activeMarkers(events).size;
}

/**
 * Splits events into transactions of at most MAX_TRANSACTION_ITEMS items, keeping each rollup's events together as far
 * as they fit (fewer, larger ADDs on hot rollups).
 */
export function chunkForTransactions(events: QueuedEvent[], maxItems = MAX_TRANSACTION_ITEMS): QueuedEvent[][] {
  const keyed = events.map((e) => ({ e, rollup: `${e.orgId}\u0000${rollupSk(rollupDimensions(e.orgId, e.event))}` }));
  keyed.sort((a, b) => (a.rollup < b.rollup ? -1 : a.rollup > b.rollup ? 1 : 0));
  const chunks: QueuedEvent[][] = [];
  let current: QueuedEvent[] = [];
  const rollups = new Set<string>();
  const actives = new Set<string>();
  for (const { e, rollup } of keyed) {
    const active = e.actor ? `${eventDay(e.event)}#${e.actor}` : undefined;
    const extra = 1 + (rollups.has(rollup) ? 0 : 1) + (active && !actives.has(active) ? 1 : 0);
    if (current.length + rollups.size + actives.size + extra > maxItems) {
      chunks.push(current);
      current = [];
      rollups.clear();
      actives.clear();
    }
    current.push(e);
    rollups.add(rollup);
    if (active) actives.add(active);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function activeMarkers(events: QueuedEvent[]): Map<string, { day: string; actor: string; orgId: string }> {
  const markers = new Map<string, { day: string; actor: string; orgId: string }>();
  for (const e of events) {
    if (!e.actor) continue;
    const day = eventDay(e.event);
    markers.set(`${day}#${e.actor}`, { day, actor: e.actor, orgId: e.orgId });
  }
  return markers;
}

/** `SET` the dimensions (the same values every time), `ADD` the counts and every latency bucket touched. */
function rollupUpdate(delta: RollupDelta) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const set = (attr: string, value: unknown) => {
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    sets.push(`#${attr} = :${attr}`);
  };
  set('type', 'analytics-rollup');
  set('orgId', delta.orgId);
  set('day', delta.day);
  set('eventType', delta.eventType);
  if (delta.commandName !== undefined) set('commandName', delta.commandName);
  if (delta.agentId !== undefined) set('agentId', delta.agentId);
  const adds: string[] = [];
  const add = (attr: string, n: number) => {
    names[`#${attr}`] = attr;
    values[`:${attr}`] = n;
    adds.push(`#${attr} :${attr}`);
  };
  add('count', delta.count);
  add('errors', delta.errors);
  add('tokens', delta.tokens);
  Object.entries(delta.latency).forEach(([bucket, n], i) => {
    names[`#l${i}`] = `${LATENCY_ATTRIBUTE_PREFIX}${bucket}`;
    values[`:l${i}`] = n;
    adds.push(`#l${i} :l${i}`);
  });
  return { UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
