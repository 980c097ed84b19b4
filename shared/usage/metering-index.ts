import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, queryAll, tableName } from '../db/client';
import type { Org } from '../db/orgs';
import { usageKeys } from '../db/usage-keys';
import type { BillingPeriod } from './period';

/**
 * One (org, period) the meter sink must report, with the plan and Stripe customer in force when its usage was
 * registered: the sink bills a period by these, never by the org's current plan (after `subscription.deleted` the org
 * reads explorer, and its last paid period must still be billed).
 */
export interface MeteringEntry {
  orgId: string;
  period: BillingPeriod;
  /** Absent on entries written before the plan was recorded: the sink then falls back to the org's plan. */
  planId?: string;
  stripeCustomerId?: string;
}

const registered = new Set<string>();

/**
 * Tells the meter sink that an org on a paid plan has usage in `period`: one small item per (org, period) under the
 * month the period starts in, which the sink lists instead of scanning the table. Idempotent; written once per
 * container per (org, period, plan, customer), so it costs nothing per event, and a plan change within the period
 * is recorded (the plan in force last bills the period, as Stripe bills a period's usage at the price in force at its
 * end). Writers of usage for paid orgs call it (the aggregator; quota consume for soft caps).
 */
export async function registerForMetering(org: Pick<Org, 'id' | 'planId' | 'stripeCustomerId'>, period: BillingPeriod): Promise<void> {
  const key = `${org.id}#${period.start}#${org.planId}#${org.stripeCustomerId ?? ''}`;
  if (registered.has(key)) return;
  await ddb.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...usageKeys.meterIndex(period.start, org.id),
        type: 'usage-meter-index',
        orgId: org.id,
        periodStart: period.start,
        periodEnd: period.end,
        planId: org.planId,
        ...(org.stripeCustomerId ? { stripeCustomerId: org.stripeCustomerId } : {}),
      },
    }),
  );
  registered.add(key);
}

/** The registered (org, period) entries of periods starting in `month` (`YYYY-MM`), in key order. */
export async function meteringEntries(month: string): Promise<MeteringEntry[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': usageKeys.meterIndexPk(month) } });
  return items.map((item) => ({
    orgId: String(item.orgId),
    period: { start: String(item.periodStart), end: String(item.periodEnd) },
    planId: item.planId === undefined ? undefined : String(item.planId),
    stripeCustomerId: item.stripeCustomerId === undefined ? undefined : String(item.stripeCustomerId),
  }));
}
