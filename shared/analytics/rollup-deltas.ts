import { analyticsKeys } from '../db/analytics-keys';
import { bucketOf, type LatencySketch } from './latency-sketch';
import { eventDay, isError, type TelemetryEvent } from './validate-event';

/** The dimensions of one rollup (issue #16): per org and UTC day, eventType, commandName, agentId. */
export interface RollupDimensions {
  orgId: string;
  day: string;
  eventType: string;
  commandName?: string;
  agentId?: string;
}

/** What a set of events adds to one rollup: counts, errors, tokens and latency sketch buckets. */
export interface RollupDelta extends RollupDimensions {
  /** The rollup item's sort key: identifies the rollup. */
  sk: string;
  count: number;
  errors: number;
  tokens: number;
  latency: LatencySketch;
}

export function rollupDimensions(orgId: string, event: TelemetryEvent): RollupDimensions {
  return { orgId, day: eventDay(event), eventType: event.eventType, commandName: event.commandName, agentId: event.agentId };
}

export function rollupSk(d: RollupDimensions): string {
  return analyticsKeys.rollup(d.orgId, d.day, d.eventType, d.commandName, d.agentId).SK;
}

/** Sums events into one delta per rollup (in the order rollups are first met). */
export function rollupDeltas(events: { orgId: string; event: TelemetryEvent }[]): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();
  for (const { orgId, event } of events) {
    const dims = rollupDimensions(orgId, event);
    const key = `${orgId}\u0000${rollupSk(dims)}`;
    let delta = deltas.get(key);
    if (!delta) {
      delta = { ...dims, sk: rollupSk(dims), count: 0, errors: 0, tokens: 0, latency: {} };
      deltas.set(key, delta);
    }
    delta.count++;
    if (isError(event)) delta.errors++;
    delta.tokens += event.tokensUsed ?? 0;
    if (event.executionTimeMs !== undefined) {
      const b = bucketOf(event.executionTimeMs);
      delta.latency[b] = (delta.latency[b] ?? 0) + 1;
    }
  }
  return [...deltas.values()];
}
