import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, queryAll, tableName } from './client';
import { TABLE_KEYS } from './table';
import type { PeriodHistory } from '../usage/period-history';
import { orgAccessUpdate, type OrgAccess } from './org-billing';
import { orgKeys } from './orgs';
import { cancellationCodes } from './transactions';

/**
 * The org's Stripe subscription as last applied from a webhook (the mirror reads are served from). `sourceTime` is the
 * Stripe `created` time of the event the state came from: the processor applies only newer states (see
 * shared/billing/subscription-convergence.ts). `version` guards the read-decide-write against a concurrent writer.
 */
export interface SubscriptionRecord {
  orgId: string;
  subscriptionId: string;
  customerId: string;
  planId: string;
  status: 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';
  /** Epoch seconds, as Stripe gives them. */
  subscriptionCreated: number;
  currentPeriodStart: number;
  currentPeriodEnd: number;
  /** Stripe's billing_cycle_anchor (epoch seconds): the day periods repeat from. Absent on records written before it was kept. */
  billingCycleAnchor?: number | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  trialEnd: number | null;
  /** The catalog version whose prices and allowances apply (absent on records from before versions: 1). */
  catalogVersion?: number;
  /** How often the plan fee is billed (its licensed price's interval). Absent on records written before yearly prices. */
  interval?: 'month' | 'year';
  sourceTime: number;
  version: number;
}

export const subscriptionKeys = {
  pk: (orgId: string) => orgKeys.pk(orgId),
  sk: () => 'SUBSCRIPTION',
  /** GSI1: every org's subscription mirror in one list, for the operator metrics (never a table scan). */
  all: () => 'SUBSCRIPTIONS',
};

export async function getSubscriptionRecord(orgId: string): Promise<SubscriptionRecord | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: subscriptionKeys.pk(orgId), SK: subscriptionKeys.sk() }, ConsistentRead: true }));
  if (!Item) return undefined;
  return subscriptionFromItem(Item);
}

function subscriptionFromItem(item: Record<string, unknown>): SubscriptionRecord {
  const { PK: _pk, SK: _sk, GSI1PK: _gpk, GSI1SK: _gsk, type: _type, ...record } = item;
  return record as unknown as SubscriptionRecord;
}

/** Every org's subscription mirror (GSI1, eventually consistent): one item per org that ever subscribed. */
export async function listAllSubscriptionRecords(): Promise<SubscriptionRecord[]> {
  const items = await queryAll({
    IndexName: TABLE_KEYS.gsi1.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TABLE_KEYS.gsi1.partitionKey },
    ExpressionAttributeValues: { ':pk': subscriptionKeys.all() },
  });
  return items.map(subscriptionFromItem);
}

/**
 * Writes the mirror, the org's access fields and (given) its period history in one transaction, only if the mirror is
 * still at `expectedVersion` (undefined: not there yet) and the history at the version it was read at. False when
 * another writer got there first: re-read and decide again.
 */
export async function saveSubscriptionRecord(
  record: Omit<SubscriptionRecord, 'version'>,
  expectedVersion: number | undefined,
  access: OrgAccess,
  history?: { history: PeriodHistory; expectedVersion: number | undefined },
): Promise<boolean> {
  const version = (expectedVersion ?? 0) + 1;
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { PK: subscriptionKeys.pk(record.orgId), SK: subscriptionKeys.sk(), GSI1PK: subscriptionKeys.all(), GSI1SK: record.orgId, type: 'subscription', ...record, version },
              ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
              ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
            },
          },
          orgAccessUpdate(record.orgId, access, history),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.some((code) => code === 'ConditionalCheckFailed')) return false;
    throw error;
  }
}
