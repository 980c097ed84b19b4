import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { auditPut } from '../audit/audit-log';
import type { ApiKeyScope } from '../identity/roles';
import { ddb, tableName } from './client';
import { orgCounterDecrement, orgCounterIncrement } from './orgs';
import { queryPage } from './query-page';
import { TABLE_KEYS } from './table';
import { cancellationCodes } from './transactions';

/**
 * An API key, stored under the SHA-256 of its secret (the secret itself is never stored). `orgId: null` marks a
 * platform service key (any org). Revoked keys keep their item (`revokedAt`) for audit and stop resolving.
 */
export interface ApiKeyRecord {
  id: string;
  orgId: string | null;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  createdBy: string | null;
  revokedAt?: string;
}

const PLATFORM = 'PLATFORM';

export const apiKeyKeys = {
  pk: (hash: string) => `APIKEY#${hash}`,
  sk: () => 'APIKEY',
  /** GSI1: an org's keys (service keys under PLATFORM), newest id last. */
  byOrg: (orgId: string | null) => `ORG#${orgId ?? PLATFORM}#APIKEYS`,
  byOrgSk: (keyId: string) => `APIKEY#${keyId}`,
};

export function apiKeyToItem(hash: string, key: ApiKeyRecord): Record<string, unknown> {
  return { PK: apiKeyKeys.pk(hash), SK: apiKeyKeys.sk(), GSI1PK: apiKeyKeys.byOrg(key.orgId), GSI1SK: apiKeyKeys.byOrgSk(key.id), type: 'api_key', ...key };
}

export function apiKeyFromItem(item: Record<string, unknown>): ApiKeyRecord {
  return {
    id: String(item.id),
    orgId: (item.orgId as string | null) ?? null,
    name: String(item.name),
    prefix: String(item.prefix),
    scopes: (item.scopes as ApiKeyScope[]) ?? [],
    createdAt: String(item.createdAt),
    createdBy: (item.createdBy as string | null) ?? null,
    ...(item.revokedAt ? { revokedAt: String(item.revokedAt) } : {}),
  };
}

/** Writes a platform service key (no org); `overwrite` lets a re-seeded key (same secret, same hash) be written again. */
export async function putApiKey(hash: string, key: ApiKeyRecord, overwrite = false): Promise<void> {
  await ddb.send(new PutCommand({ TableName: tableName, Item: apiKeyToItem(hash, key), ...(overwrite ? {} : { ConditionExpression: 'attribute_not_exists(PK)' }) }));
}

/**
 * Writes a new org key and counts it in the org's `activeApiKeys` in one transaction, only while the org has fewer
 * than `maxActive`: concurrent creations cannot pass the limit.
 */
export async function putOrgApiKey(hash: string, key: ApiKeyRecord & { orgId: string }, maxActive: number, audit?: ReturnType<typeof auditPut>): Promise<'created' | 'limit'> {
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          orgCounterIncrement(key.orgId, 'activeApiKeys', maxActive),
          { Put: { TableName: tableName, Item: apiKeyToItem(hash, key), ConditionExpression: 'attribute_not_exists(PK)' } },
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'limit';
    throw error;
  }
}

/** The authorizer's lookup: consistent, so a revoked key stops at once (API Gateway's result cache is the only delay). */
export async function getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: apiKeyKeys.pk(hash), SK: apiKeyKeys.sk() }, ConsistentRead: true }));
  return Item ? apiKeyFromItem(Item) : undefined;
}

/** One page of the org's active (not revoked) keys, in key-id order (GSI1: eventually consistent). */
export async function listOrgApiKeysPage(orgId: string, limit: number, after?: string): Promise<{ keys: ApiKeyRecord[]; after: string | null }> {
  const page = await queryPage({ index: 'gsi1', partition: apiKeyKeys.byOrg(orgId), prefix: apiKeyKeys.byOrgSk(''), after, limit, keep: (item) => !item.revokedAt });
  return { keys: page.items.map(apiKeyFromItem), after: page.after };
}

/** Marks the org's key revoked and frees its place in `activeApiKeys`, together; false when the org has no such active key. */
export async function revokeApiKey(orgId: string, keyId: string, at: string, audit?: ReturnType<typeof auditPut>): Promise<boolean> {
  const { Items } = await ddb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
      ExpressionAttributeValues: { ':pk': apiKeyKeys.byOrg(orgId), ':sk': apiKeyKeys.byOrgSk(keyId) },
    }),
  );
  const item = Items?.[0];
  if (!item) return false;
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: { PK: item.PK, SK: item.SK },
              UpdateExpression: 'SET revokedAt = :at',
              ConditionExpression: 'attribute_exists(PK) AND orgId = :org AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':at': at, ':org': orgId },
            },
          },
          orgCounterDecrement(orgId, 'activeApiKeys'),
          ...(audit ? [audit] : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}
