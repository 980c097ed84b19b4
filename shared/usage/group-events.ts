import type { Org } from '../db/orgs';
import { catalog, metricDefinition, type MetricAllowance } from '../plans/catalog';
import type { Metric } from '../plans/catalog-schema';
import { placedPeriodAt } from './org-periods';
import { dailyBucketStart, type BillingPeriod } from './period';
import type { UsageEvent } from './validate-event';

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** An event placed in its org's billing period and daily bucket, with the message it came in. */
export interface PlacedEvent extends UsageEvent {
  bucket: string;
  source: string;
}

/** Events of one (org, metric, period): they share one counter item, so they are written together. */
export interface UsageGroup {
  orgId: string;
  metric: Metric;
  aggregation: MetricAllowance['aggregation'];
  period: BillingPeriod;
  /** The plan in force during `period` (the history's, not the org's current plan): what the period is billed by. */
  planId: string;
  events: PlacedEvent[];
  /**
   * Set when the period is explorer's: such events may turn out to belong to a paid subscription whose webhook has not
   * arrived yet, so each is also written as a placement item (usage-rehome.ts), and the write holds only while the
   * org's history is still at `historyVersion` (a newer history places the events again).
   */
  provisional?: { historyVersion: number | undefined };
}

export interface IncomingEvent {
  event: UsageEvent;
  org: Org;
  source: string;
}

/**
 * Groups a batch's events by (org, metric, period), each in the period of its own timestamp under the org's billing
 * anchor. An id seen twice in the batch (per org) is kept once: the first occurrence's message carries it; a later
 * occurrence with another metric or quantity is handed to `onConflict` (it is refused, not dropped silently).
 */
export function groupEvents(incoming: IncomingEvent[], onConflict: (conflicting: IncomingEvent) => void = () => {}): UsageGroup[] {
  const seen = new Map<string, UsageEvent>();
  const groups = new Map<string, UsageGroup>();
  for (const item of incoming) {
    const { event, org, source } = item;
    const idKey = `${event.orgId}\u0000${event.id}`;
    const first = seen.get(idKey);
    if (first) {
      if (first.metric !== event.metric || first.quantity !== event.quantity) onConflict(item);
      continue;
    }
    seen.set(idKey, event);
    const at = new Date(event.timestamp);
    const { planId, ...period } = placedPeriodAt(org, at);
    const key = `${event.orgId}\u0000${event.metric}\u0000${period.start}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        orgId: event.orgId,
        metric: event.metric,
        aggregation: metricDefinition(event.metric)!.aggregation,
        period: { start: period.start, end: period.end },
        planId,
        events: [],
        ...(planId === catalog.defaultPlanId ? { provisional: { historyVersion: org.historyVersion } } : {}),
      };
      groups.set(key, group);
    }
    group.events.push({ ...event, bucket: dailyBucketStart(at, period), source });
  }
  return [...groups.values()];
}

/**
 * Splits a group's events into transactions of at most 100 items: per event its dedupe put (and its placement item
 * when provisional), then the counter, one item per daily bucket, and the history check when provisional.
 */
export function chunkForTransactions(events: PlacedEvent[], maxItems = MAX_TRANSACTION_ITEMS, provisional = false): PlacedEvent[][] {
  const perEvent = provisional ? 2 : 1;
  const fixed = provisional ? 2 : 1;
  const chunks: PlacedEvent[][] = [];
  let current: PlacedEvent[] = [];
  let buckets = new Set<string>();
  for (const event of events) {
    const itemsWithEvent = (current.length + 1) * perEvent + fixed + buckets.size + (buckets.has(event.bucket) ? 0 : 1);
    if (current.length && itemsWithEvent > maxItems) {
      chunks.push(current);
      current = [];
      buckets = new Set();
    }
    current.push(event);
    buckets.add(event.bucket);
  }
  if (current.length) chunks.push(current);
  return chunks;
}
