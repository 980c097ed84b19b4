import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { PeriodHistory } from '../usage/period-history';
import type { Org } from './orgs';
import { orgKeys } from './orgs';
import { ddb, tableName } from './client';

/** What billing decides about an org's access; the webhook processor writes it with the subscription mirror. */
export interface OrgAccess {
  planId: string;
  /** The catalog version of the subscription's terms; absent on the free plan (which follows the current version). */
  catalogVersion?: number;
  subscriptionStatus?: NonNullable<Org['subscriptionStatus']>;
  pastDueSince?: string;
  billingAnchor?: string;
}

/**
 * The org's period history as read, with the version a write of it must find (undefined: never written). Every writer
 * of `periodHistory` goes through `orgAccessUpdate` or `saveHistory`, both conditioned on that version, so two
 * processors never lose each other's merges.
 */
export interface StoredHistory {
  history: PeriodHistory;
  version: number | undefined;
}

export async function readHistory(orgId: string): Promise<StoredHistory> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName, Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() }, ProjectionExpression: 'periodHistory, historyVersion', ConsistentRead: true }),
  );
  return { history: (Item?.periodHistory as PeriodHistory | undefined) ?? {}, version: Item?.historyVersion === undefined ? undefined : Number(Item.historyVersion) };
}

/** The SET/condition parts that write `history` over the version it was read at. */
function historyWrite(history: PeriodHistory, expectedVersion: number | undefined) {
  return {
    set: ['periodHistory = :history', 'historyVersion = :nextHistoryVersion'],
    condition: expectedVersion === undefined ? 'attribute_not_exists(historyVersion)' : 'historyVersion = :historyVersion',
    values: { ':history': history, ':nextHistoryVersion': (expectedVersion ?? 0) + 1, ...(expectedVersion === undefined ? {} : { ':historyVersion': expectedVersion }) },
  };
}

/**
 * The org item's update for `access` (fields left undefined are removed), as a transaction item; with `history`, the
 * merged period history too (the org's access and its history never disagree).
 */
export function orgAccessUpdate(orgId: string, access: OrgAccess, history?: { history: PeriodHistory; expectedVersion: number | undefined }) {
  const set: string[] = ['planId = :planId'];
  const remove: string[] = [];
  const values: Record<string, unknown> = { ':planId': access.planId };
  const conditions = ['attribute_exists(PK)'];
  for (const field of ['catalogVersion', 'subscriptionStatus', 'pastDueSince', 'billingAnchor'] as const) {
    const value = access[field];
    if (value === undefined) remove.push(field);
    else {
      set.push(`${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  if (history) {
    const write = historyWrite(history.history, history.expectedVersion);
    set.push(...write.set);
    conditions.push(write.condition);
    Object.assign(values, write.values);
  }
  return {
    Update: {
      TableName: tableName,
      Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeValues: values,
    },
  };
}

/** Writes the history alone (a stale subscription state still tells when it started or ended). False: re-read and merge again. */
export async function saveHistory(orgId: string, history: PeriodHistory, expectedVersion: number | undefined): Promise<boolean> {
  const write = historyWrite(history, expectedVersion);
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: orgKeys.pk(orgId), SK: orgKeys.sk() },
        UpdateExpression: `SET ${write.set.join(', ')}`,
        ConditionExpression: `attribute_exists(PK) AND ${write.condition}`,
        ExpressionAttributeValues: write.values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
