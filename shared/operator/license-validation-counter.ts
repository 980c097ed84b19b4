import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, queryAll, tableName } from '../db/client';

/**
 * License validations per hour, for the operator metrics' `licenseValidationsLast24h`: one ADD per validation on one
 * of SHARDS items of the hour (spread so a validation storm does not pile onto one item), kept 3 days. Exact: the
 * validation path awaits it beside its own reads, so it adds a write, not latency.
 */
const SHARDS = 10;
const HOUR_MS = 3_600_000;
const KEEP_SECONDS = 3 * 86_400;

export const validationCounterKeys = {
  /** Also the IAM prefix of the `operator-stats` write scope (infra/constructs/function-grants.ts). */
  prefix: 'OPSTAT#',
  pk: (hour: string) => `OPSTAT#LICVAL#${hour}`,
  sk: (shard: number) => `SHARD#${shard}`,
};

/** `2026-12-02T06` */
export function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

export async function countLicenseValidation(at = new Date()): Promise<void> {
  const shard = Math.floor(Math.random() * SHARDS);
  await ddb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { PK: validationCounterKeys.pk(hourOf(at)), SK: validationCounterKeys.sk(shard) },
      UpdateExpression: 'ADD validations :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ExpressionAttributeValues: { ':one': 1, ':expires': Math.floor(at.getTime() / 1000) + KEEP_SECONDS },
    }),
  );
}

/**
 * Validations in the 24 whole hours before the current one plus the current hour so far: between 24 and 25 hours of
 * them, read as 25 small partitions (never the table).
 */
export async function licenseValidationsLast24h(now = new Date()): Promise<number> {
  const hours = Array.from({ length: 25 }, (_, i) => hourOf(new Date(now.getTime() - i * HOUR_MS)));
  const counts = await Promise.all(
    hours.map(async (hour) => {
      const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': validationCounterKeys.pk(hour) }, ProjectionExpression: 'validations' });
      return items.reduce((sum, item) => sum + Number(item.validations ?? 0), 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
