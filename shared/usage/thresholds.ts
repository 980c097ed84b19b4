import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../db/client';
import { usageKeys } from '../db/usage-keys';
import { publishDomainEvent } from '../events/publish';
import { reachedThresholds, type Threshold } from './threshold-levels';

/** How long a claim on a marker stands before another caller may take over (a publisher that crashed). */
const CLAIM_LEASE_MS = 15_000;
/** How long a caller waits for someone else's claim to turn into `published` before giving up (and being retried). */
const WAIT_FOR_OTHER_MS = 3_000;

export interface ThresholdCheck {
  orgId: string;
  metric: string;
  /** ISO start of the billing period the usage belongs to (shared/usage/period.ts). */
  periodStart: string;
  /** The period's aggregated value after the write that prompted the check. */
  used: number;
  /** The plan's included amount for the metric. */
  included: number;
}

/** A threshold was reached but its event is not published yet (another caller holds the claim): retry the caller. */
export class ThresholdPublishPendingError extends Error {
  constructor(readonly check: ThresholdCheck, readonly threshold: Threshold) {
    super(`usage.threshold_crossed ${threshold}% for ${check.orgId}/${check.metric} is still being published`);
  }
}

type MarkerState = 'claimed' | 'published';

/**
 * Publishes `usage.threshold_crossed` once per (org, metric, period, threshold) for every threshold `used` has reached.
 * Safe to call any number of times, concurrently, after any write (the aggregator calls it after each group, also when
 * every event was a duplicate; quota consume after an allowed consume).
 *
 * A marker item decides who publishes: absent -> `claimed` (conditional put, one winner) -> publish -> `published`.
 * If publishing fails the claimant deletes its claim and throws, so the retry of its caller claims again; if it
 * crashes instead, the claim goes stale after CLAIM_LEASE_MS and the next caller takes it over. A caller that finds a
 * fresh claim of someone else waits a little for `published`, else throws ThresholdPublishPendingError so it is
 * retried — a threshold is never silently skipped.
 */
export async function checkThresholds(check: ThresholdCheck): Promise<void> {
  const reached = reachedThresholds(check.used, check.included);
  if (!reached.length) return;
  const states = await markerStates(check);
  for (const threshold of reached) {
    if (states.get(threshold) === 'published') continue;
    await publishOnce(check, threshold);
  }
}

async function markerStates(check: ThresholdCheck): Promise<Map<number, MarkerState>> {
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': usageKeys.alert(check.orgId, check.periodStart, check.metric, 0).PK, ':prefix': usageKeys.alertPrefix(check.periodStart, check.metric) },
      ConsistentRead: true,
    }),
  );
  return new Map(Items.map((item) => [Number(item.threshold), item.state as MarkerState]));
}

async function publishOnce(check: ThresholdCheck, threshold: Threshold): Promise<void> {
  const key = usageKeys.alert(check.orgId, check.periodStart, check.metric, threshold);
  const token = randomUUID();
  if (!(await claim(key, check, threshold, token))) return waitForOther(key, check, threshold);
  try {
    await publishDomainEvent('usage.threshold_crossed', {
      orgId: check.orgId,
      metric: check.metric,
      threshold,
      used: check.used,
      included: check.included,
      periodStart: check.periodStart,
    });
  } catch (error) {
    await ddb
      .send(new DeleteCommand({ TableName: tableName, Key: key, ConditionExpression: 'claimToken = :token', ExpressionAttributeValues: { ':token': token } }))
      .catch(() => undefined); // a stale claim is taken over after the lease anyway
    throw error;
  }
  await ddb.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #state = :published, publishedAt = :now',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':published': 'published', ':now': new Date().toISOString() },
    }),
  );
}

async function claim(key: Record<string, string>, check: ThresholdCheck, threshold: Threshold, token: string): Promise<boolean> {
  const now = Date.now();
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, type: 'usage-alert', orgId: check.orgId, metric: check.metric, periodStart: check.periodStart, threshold, state: 'claimed', claimToken: token, claimedAt: now },
        ConditionExpression: 'attribute_not_exists(PK) OR (#state = :claimed AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': now - CLAIM_LEASE_MS },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function waitForOther(key: Record<string, string>, check: ThresholdCheck, threshold: Threshold): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  while (Date.now() < deadline) {
    const { Items = [] } = await ddb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: { ':pk': key.PK, ':sk': key.SK },
        ConsistentRead: true,
      }),
    );
    const state = Items[0]?.state as MarkerState | undefined;
    if (state === 'published') return;
    // The claim was released (publish failed) or went stale: try to take it ourselves.
    if (state === undefined || Number(Items[0]?.claimedAt) < Date.now() - CLAIM_LEASE_MS) return publishOnce(check, threshold);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ThresholdPublishPendingError(check, threshold);
}
