/**
 * Keys of the analytics items (CONTRACT §8 Analytics):
 * - rollup:  one per (org, UTC day, eventType, commandName, agentId): `count`, `errors`, `tokens` and the latency
 *            sketch's buckets as top-level number attributes `lat_<bucket>` (DynamoDB cannot ADD into a map that may not
 *            exist yet, but it can ADD any top-level attribute), all ADDed in the transaction that records the events;
 * - dedupe:  one per (org, event id), put with attribute_not_exists (or expired) in that same transaction; `source`
 *            names the queue message that counted it, which decides which message's raw file holds the event;
 * - active:  one per (UTC day, actor), spread over ACTIVE_SHARDS partitions a day: the distinct active users (dau/mau).
 * Dimension values may contain `#`: each is URI-encoded in the sort key, and a missing one is the empty string.
 */
export const ACTIVE_SHARDS = 8;

export const analyticsKeys = {
  rollup: (orgId: string, day: string, eventType: string, commandName: string | undefined, agentId: string | undefined) => ({
    PK: `ORG#${orgId}`,
    SK: `ANLROLL#${day}#${enc(eventType)}#${enc(commandName)}#${enc(agentId)}`,
  }),
  rollupPrefix: () => 'ANLROLL#',
  /** Sort key bounds of every rollup of the days `from`..`to` (inclusive, YYYY-MM-DD). */
  rollupRange: (from: string, to: string) => ({ from: `ANLROLL#${from}#`, to: `ANLROLL#${to}#\uffff` }),
  dedupe: (orgId: string, eventId: string) => ({ PK: `ANLEVT#${orgId}#${eventId}`, SK: 'EVENT' }),
  active: (day: string, actor: string) => ({ PK: activePartition(day, shardOf(actor)), SK: actor }),
  activePartition: (day: string, shard: number) => activePartition(day, shard),
};

/** The attribute of a latency sketch bucket on a rollup item (`lat_57`, `lat_-3`, `lat_z`). */
export const LATENCY_ATTRIBUTE_PREFIX = 'lat_';

/**
 * How long a dedupe record lives: events may arrive up to 35 days late, a message may wait 14 days in the analytics
 * queue (or its DLQ before a redrive), plus a day (the usage dedupe record's reasoning, shared/db/usage-keys.ts).
 */
export const ANALYTICS_DEDUPE_TTL_SECONDS = (35 + 14 + 1) * 86_400;
/** Active-user markers are kept 400 days: `mau` needs 30, the rest is history for trends. */
export const ACTIVE_MARKER_TTL_SECONDS = 400 * 86_400;

function enc(value: string | undefined): string {
  return value === undefined ? '' : encodeURIComponent(value);
}

function activePartition(day: string, shard: number): string {
  return `ANLACTIVE#${day}#${shard}`;
}

/** A stable shard of an actor id (FNV-1a), so one day's markers spread over ACTIVE_SHARDS partitions. */
function shardOf(actor: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < actor.length; i++) {
    h ^= actor.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % ACTIVE_SHARDS;
}
