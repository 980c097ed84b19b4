import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';

/** The period's aggregated value of a metric (0 before the first event), read strongly consistent. */
export async function readUsed(orgId: string, periodStart: string, metric: string): Promise<number> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName, Key: usageKeys.counter(orgId, periodStart, metric), ProjectionExpression: 'used', ConsistentRead: true }),
  );
  return Number(Item?.used ?? 0);
}
