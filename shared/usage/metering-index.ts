import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';
import type { BillingPeriod } from './period';

const registered = new Set<string>();

/**
 * Tells the meter sink that an org on a paid plan has usage in `period`: one small item per (org, period) under the
 * month the period starts in, which the sink lists instead of scanning the table. Idempotent; written once per
 * container per (org, period), so it costs nothing per event. Writers of usage for paid orgs call it (the aggregator;
 * quota consume for soft caps).
 */
export async function registerForMetering(orgId: string, period: BillingPeriod): Promise<void> {
  const key = `${orgId}#${period.start}`;
  if (registered.has(key)) return;
  await ddb.send(new PutCommand({ TableName: tableName, Item: { ...usageKeys.meterIndex(period.start, orgId), type: 'usage-meter-index', orgId, periodStart: period.start, periodEnd: period.end } }));
  registered.add(key);
}
