import { BatchGetCommand, type BatchGetCommandOutput, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PlanOverride } from '../plans/plan-override';
import type { PeriodHistory } from '../usage/period-history';
import { ddb, tableName } from './client';

/**
 * An org and what access depends on. `planId` is the plan of its subscription (explorer when none); the billing
 * webhook processor keeps `planId`, `subscriptionStatus`, `pastDueSince` and `billingAnchor` current.
 * `billingAnchor` is the ISO start of any billing period of the subscription: periods repeat monthly from it.
 */
export interface Org {
  id: string;
  name: string;
  slug: string;
  planId: string;
  /** The catalog version of the subscription's terms (kept by the webhook processor); absent: the current version. */
  catalogVersion?: number;
  /** An operator's per-org terms (an enterprise deal) on top of the plan: `argus orgs override`. */
  planOverride?: PlanOverride;
  /** Bumped by every override write (guards a read-modify-write of `planOverride`). */
  overrideRevision?: number;
  createdAt: string;
  subscriptionStatus?: 'active' | 'trialing' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete';
  pastDueSince?: string;
  billingAnchor?: string;
  /** Which subscription and anchor were in force when (shared/usage/period-history.ts); written with the access fields. */
  periodHistory?: PeriodHistory;
  /** Bumped by every history write: a usage write placed by an older history is refused (and placed again). */
  historyVersion?: number;
  stripeCustomerId?: string;
  /** Seats taken and owners among them; kept by the membership transactions (shared/db/memberships.ts). */
  memberCount?: number;
  ownerCount?: number;
  /** The admin's monthly overage budget (CONTRACT §3 Spend limit; shared/spend-limit): soft caps stop at it. */
  spendLimit?: { amount: number; currency: 'usd' };
}

export const orgKeys = {
  pk: (orgId: string) => `ORG#${orgId}`,
  sk: () => 'ORG',
  /** The claim that makes a slug unique: created in the same transaction as the org. */
  slugPk: (slug: string) => `ORGSLUG#${slug}`,
  slugSk: () => 'ORGSLUG',
};

export function orgToItem(org: Org): Record<string, unknown> {
  return { PK: orgKeys.pk(org.id), SK: orgKeys.sk(), type: 'org', ...org };
}

export function orgFromItem(item: Record<string, unknown>): Org {
  const { PK: _pk, SK: _sk, type: _type, GSI1PK: _g1, GSI1SK: _g2, ...org } = item;
  return org as unknown as Org;
}

export async function getOrg(orgId: string): Promise<Org | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() } }));
  return Item ? orgFromItem(Item) : undefined;
}

/** Loads many orgs at once (BatchGetItem, 100 keys per call, unprocessed keys retried). Missing ids are skipped. */
export async function getOrgs(orgIds: string[]): Promise<Org[]> {
  const orgs: Org[] = [];
  const unique = [...new Set(orgIds)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => ({ PK: orgKeys.pk(id), SK: orgKeys.sk() }));
    while (keys?.length) {
      const res: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
      orgs.push(...(res.Responses?.[tableName] ?? []).map(orgFromItem));
      keys = res.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return orgs;
}

/** Per-org counters of active things, each capped by a limit (CONTRACT §3 Limits). */
export type OrgActiveCounter = 'activeApiKeys' | 'activeLicenses';

/**
 * The org item's update that counts one more `counter`, only while it is below `max`: put it first in the transaction
 * that creates the thing, so concurrent creations cannot pass the limit (a refusal is the transaction's item 0).
 */
export function orgCounterIncrement(orgId: string, counter: OrgActiveCounter, max: number) {
  return {
    Update: {
      TableName: tableName,
      Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
      UpdateExpression: `SET ${counter} = if_not_exists(${counter}, :zero) + :one`,
      ConditionExpression: `attribute_exists(PK) AND (attribute_not_exists(${counter}) OR ${counter} < :max)`,
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': max },
    },
  };
}

/** The org item's update that counts one `counter` less (a revocation), in the revoking transaction. */
export function orgCounterDecrement(orgId: string, counter: OrgActiveCounter) {
  return {
    Update: {
      TableName: tableName,
      Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
      // An org from before the counter has none: it then counts this one thing only.
      UpdateExpression: `SET ${counter} = if_not_exists(${counter}, :one) - :one`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}
