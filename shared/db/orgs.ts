import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
  createdAt: string;
  subscriptionStatus?: 'active' | 'trialing' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete';
  pastDueSince?: string;
  billingAnchor?: string;
  stripeCustomerId?: string;
}

export const orgKeys = {
  pk: (orgId: string) => `ORG#${orgId}`,
  sk: () => 'ORG',
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
