import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { TABLE_KEYS } from '../db/table';
import { logger } from '../logger';
import { getHold, holdKeys } from './hold-items';
import { releaseHold } from './settle-hold';

/**
 * Releases the org's open holds whose expiry has passed (optionally only one metric's in one period), through the same
 * release as the route, so each is released once. Called where an expired hold would otherwise still count: before a
 * consume or reserve is refused, and when a quota answer would show `held`. Returns how many it released.
 */
export async function releaseExpiredHolds(orgId: string, periodStart: string | undefined, metric: string | undefined, now: Date): Promise<number> {
  const expired: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :now',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.gsi1.partitionKey, '#sk': TABLE_KEYS.gsi1.sortKey },
        ExpressionAttributeValues: { ':pk': holdKeys.openPk(orgId), ':now': now.toISOString() },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if ((metric === undefined || item.metric === metric) && (periodStart === undefined || item.periodStart === periodStart)) expired.push(String(item.holdId));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  let released = 0;
  for (const holdId of expired) {
    // The index is eventually consistent: the hold itself says whether it is still open.
    const hold = await getHold(holdId);
    if (hold?.status !== 'held' || Date.parse(hold.expiresAt) > now.getTime()) continue;
    await releaseHold(hold, now, 'expired');
    released++;
  }
  if (released) logger.info('expired holds released', { orgId, released });
  return released;
}
