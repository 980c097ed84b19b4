import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { counterRead } from '../credits/spend-items';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';
import type { QuotaUsage } from './quota-answer';

/** The period's aggregated value of a metric (0 before the first event) and its `net`, read strongly consistent. */
export async function readUsed(orgId: string, periodStart: string, metric: string): Promise<QuotaUsage & { held: number }> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName, Key: usageKeys.counter(orgId, periodStart, metric), ProjectionExpression: 'used, net, held, credited, heldCredited', ConsistentRead: true }),
  );
  const read = counterRead(Item);
  return { used: read.used, net: read.net, held: read.held };
}
