import { getOrg } from '../db/orgs';
import { subscriptionInterval } from '../billing/subscription-items';
import { ScanCommand, TransactWriteCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { auditPut, type AuditActor } from '../audit/audit-log';
import { planChangeItems } from '../billing/current-subscription';
import { describePrice, isPaidPlan } from '../billing/stripe-catalog';
import { MIGRATION_METADATA } from '../billing/subscription-state';
import { isEnded } from '../billing/subscription-convergence';
import { ddb, tableName } from '../db/client';
import type { SubscriptionRecord } from '../db/subscriptions';
import { catalogVersion } from '../plans/catalog';

export interface MigrationResult {
  orgId: string;
  subscriptionId: string;
  from: number;
  to: number;
  /** When the new version's price and allowances take over: the end of the period running at migration. */
  effectiveAt: string;
  status: 'migrated' | 'planned' | 'failed';
  error?: string;
}

/** Live subscriptions to `planId` on another catalog version than `to` (a scan: an operator's occasional job). */
async function subscriptionsToMove(planId: string, to: number): Promise<SubscriptionRecord[]> {
  const found: SubscriptionRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await ddb.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#type = :type AND planId = :plan',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'subscription', ':plan': planId },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const record = item as unknown as SubscriptionRecord;
      if (!isEnded(record.status) && (record.catalogVersion ?? 1) !== to) found.push(record);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/**
 * `argus subscriptions migrate`: moves every live subscription to `planId` onto catalog version `to`. Each one's items
 * swap to the version's Stripe prices without proration, so Stripe bills the new price from the next renewal; the
 * subscription's metadata names the version it leaves and when, so Argus keeps the old allowances until that renewal
 * (shared/billing/subscription-state.ts catalogVersionOf). Each move is recorded in the org's audit log
 * (`subscription.migrated`). Safe to re-run: a subscription already on `to`, or already swapped to its prices, is skipped.
 */
export async function migrateSubscriptions(stripe: Stripe, planId: string, to: number, actor: AuditActor, dryRun = false): Promise<MigrationResult[]> {
  const target = catalogVersion(to)?.plans.find((p) => p.id === planId);
  if (!target) throw new Error(`catalog version ${to} has no plan "${planId}"`);
  if (!isPaidPlan(target)) throw new Error(`plan "${planId}" is free in version ${to}: it has no subscriptions to migrate`);
  const results: MigrationResult[] = [];
  for (const record of await subscriptionsToMove(planId, to)) {
    const from = record.catalogVersion ?? 1;
    const base = { orgId: record.orgId, subscriptionId: record.subscriptionId, from, to, effectiveAt: new Date(record.currentPeriodEnd * 1000).toISOString() };
    try {
      const sub = await stripe.subscriptions.retrieve(record.subscriptionId);
      // Already swapped (a re-run before the renewal): Stripe holds the version's prices; nothing more to do.
      const licensed = sub.items.data.find((i) => i.price.recurring?.usage_type !== 'metered');
      if (licensed && describePrice(licensed.price)?.catalogVersion === to) continue;
      const periodEnd = sub.items.data[0]?.current_period_end ?? record.currentPeriodEnd;
      const effectiveAt = new Date(periodEnd * 1000).toISOString();
      if (dryRun) {
        results.push({ ...base, effectiveAt, status: 'planned' });
        continue;
      }
      const members = (await getOrg(record.orgId))?.memberCount ?? 0;
      const items = await planChangeItems(stripe, sub, planId, subscriptionInterval(sub.items.data), members, to);
      await stripe.subscriptions.update(sub.id, {
        items,
        proration_behavior: 'none',
        metadata: { [MIGRATION_METADATA.from]: String(from), [MIGRATION_METADATA.at]: String(periodEnd) },
      });
      await ddb.send(
        new TransactWriteCommand({
          TransactItems: [auditPut({ orgId: record.orgId, action: 'subscription.migrated', actor, target: `subscription:${sub.id}`, details: { planId, fromVersion: from, toVersion: to, effectiveAt } })],
        }),
      );
      results.push({ ...base, effectiveAt, status: 'migrated' });
    } catch (error) {
      results.push({ ...base, status: 'failed', error: (error as Error).message });
    }
  }
  return results;
}
