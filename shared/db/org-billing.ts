import type { Org } from './orgs';
import { orgKeys } from './orgs';
import { tableName } from './client';

/** What billing decides about an org's access; the webhook processor writes it with the subscription mirror. */
export interface OrgAccess {
  planId: string;
  subscriptionStatus?: NonNullable<Org['subscriptionStatus']>;
  pastDueSince?: string;
  billingAnchor?: string;
}

/** The org item's update for `access` (fields left undefined are removed), as a transaction item. */
export function orgAccessUpdate(orgId: string, access: OrgAccess) {
  const set: string[] = ['planId = :planId'];
  const remove: string[] = [];
  const values: Record<string, unknown> = { ':planId': access.planId };
  for (const field of ['subscriptionStatus', 'pastDueSince', 'billingAnchor'] as const) {
    const value = access[field];
    if (value === undefined) remove.push(field);
    else {
      set.push(`${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  return {
    Update: {
      TableName: tableName,
      Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: values,
    },
  };
}
