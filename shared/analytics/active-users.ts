import { queryAll } from '../db/client';
import { ACTIVE_SHARDS, analyticsKeys } from '../db/analytics-keys';

const DAY_MS = 86_400_000;
/** Longest range counted at once (mau needs 30 days; the markers live 400). */
export const ACTIVE_RANGE_MAX_DAYS = 400;

/**
 * Distinct active users over the UTC days `from`..`to` (inclusive) — the operator metrics' `dau` (one day) and `mau`
 * (30 days) — from the day markers written on a user's sign-in and authenticated API use (mark-active.ts) and by the
 * analytics consumer with each day's telemetry. Who is a user: a signed-in user (`user:<id>`, one person however many
 * orgs, whether the marker came from a sign-in, a request or telemetry sent with the user's token); for telemetry sent
 * with an API key, the event's `deviceId` per org (`device:<org>:<id>`); events with neither count toward nobody.
 *
 * Reads every marker of the range (ACTIVE_SHARDS partitions a day, keys only), so its cost grows with users × days.
 */
export async function countActiveUsers(from: string, to: string, now = new Date()): Promise<number> {
  const days = dayRange(from, to);
  if (days.length > ACTIVE_RANGE_MAX_DAYS) throw new RangeError(`at most ${ACTIVE_RANGE_MAX_DAYS} days`);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const actors = new Set<string>();
  const partitions = days.flatMap((day) => Array.from({ length: ACTIVE_SHARDS }, (_, shard) => analyticsKeys.activePartition(day, shard)));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, partitions.length) }, async () => {
      while (next < partitions.length) {
        const pk = partitions[next++];
        const items = await queryAll({
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'SK, expiresAt',
        });
        // TTL deletes lag: an expired marker is gone as far as reads go.
        for (const item of items) if (!(Number(item.expiresAt) < nowSeconds)) actors.add(String(item.SK));
      }
    }),
  );
  return actors.size;
}

/** `dau` and `mau` as of `now`: distinct active users of today (UTC) and of the 30 days ending today. */
export async function activeUserMetrics(now = new Date()): Promise<{ dau: number; mau: number }> {
  const today = now.toISOString().slice(0, 10);
  const monthStart = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  const [dau, mau] = await Promise.all([countActiveUsers(today, today, now), countActiveUsers(monthStart, today, now)]);
  return { dau, mau };
}

function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
