import type { AnalyticsGroupBy } from '../../events/analytics';
import { queryAll } from '../db/client';
import { analyticsKeys, LATENCY_ATTRIBUTE_PREFIX } from '../db/analytics-keys';
import { mergeSketches, sketchQuantile, type LatencySketch } from './latency-sketch';

/** One row of `GET /v1/orgs/{orgId}/analytics`: the rollups of one group merged. */
export interface AnalyticsRow {
  /** The group's value (`day`: YYYY-MM-DD); null for events that did not carry the dimension (no commandName, no agentId). */
  key: string | null;
  count: number;
  errors: number;
  /** From the merged latency sketch (relative error ≤ 0.5 %); null when no event of the group had `executionTimeMs`. */
  p50Ms: number | null;
  p95Ms: number | null;
  tokens: number;
}

/** A rollup item as read back. */
export interface StoredRollup {
  day: string;
  eventType: string;
  commandName: string | null;
  agentId: string | null;
  count: number;
  errors: number;
  tokens: number;
  latency: LatencySketch;
}

/** The org's rollups of the days `from`..`to` (inclusive), every page. */
export async function readRollups(orgId: string, from: string, to: string): Promise<StoredRollup[]> {
  const range = analyticsKeys.rollupRange(from, to);
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `ORG#${orgId}`, ':from': range.from, ':to': range.to },
  });
  return items.map(fromItem);
}

/** `{ rows }` of the org's rollups over the range, merged per `groupBy` value, in key order (null last). */
export async function readAnalytics(orgId: string, range: { from: string; to: string }, groupBy: AnalyticsGroupBy): Promise<{ rows: AnalyticsRow[] }> {
  return { rows: mergeRollups(await readRollups(orgId, range.from, range.to), groupBy) };
}

export function mergeRollups(rollups: StoredRollup[], groupBy: AnalyticsGroupBy): AnalyticsRow[] {
  const groups = new Map<string | null, { count: number; errors: number; tokens: number; latency: LatencySketch }>();
  for (const r of rollups) {
    const key = r[groupBy];
    const g = groups.get(key) ?? { count: 0, errors: 0, tokens: 0, latency: {} };
    g.count += r.count;
    g.errors += r.errors;
    g.tokens += r.tokens;
    mergeSketches(g.latency, r.latency);
    groups.set(key, g);
  }
  return [...groups]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([key, g]) => ({ key, count: g.count, errors: g.errors, p50Ms: round(sketchQuantile(g.latency, 0.5)), p95Ms: round(sketchQuantile(g.latency, 0.95)), tokens: g.tokens }));
}

function fromItem(item: Record<string, unknown>): StoredRollup {
  const latency: LatencySketch = {};
  for (const [attr, value] of Object.entries(item)) {
    if (attr.startsWith(LATENCY_ATTRIBUTE_PREFIX)) latency[attr.slice(LATENCY_ATTRIBUTE_PREFIX.length)] = Number(value);
  }
  return {
    day: String(item.day),
    eventType: String(item.eventType),
    commandName: typeof item.commandName === 'string' ? item.commandName : null,
    agentId: typeof item.agentId === 'string' ? item.agentId : null,
    count: Number(item.count ?? 0),
    errors: Number(item.errors ?? 0),
    tokens: Number(item.tokens ?? 0),
    latency,
  };
}

/** Milliseconds to 3 decimals (microseconds): the sketch is no finer. */
function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 1000) / 1000;
}
