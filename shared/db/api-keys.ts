import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyScope } from '../../infra/routes';
import { ddb, queryAll, tableName } from './client';
import { TABLE_KEYS } from './table';

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

/** Writes a new key; `overwrite` lets a re-seeded service key (same secret, same hash) be written again. */
export async function putApiKey(hash: string, key: ApiKeyRecord, overwrite = false): Promise<void> {
  await ddb.send(new PutCommand({ TableName: tableName, Item: apiKeyToItem(hash, key), ...(overwrite ? {} : { ConditionExpression: 'attribute_not_exists(PK)' }) }));
}

/** The authorizer's lookup: consistent, so a revoked key stops at once (API Gateway's result cache is the only delay). */
export async function getApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: apiKeyKeys.pk(hash), SK: apiKeyKeys.sk() }, ConsistentRead: true }));
  return Item ? apiKeyFromItem(Item) : undefined;
}

function queryOrgKeys(orgId: string | null, keyId?: string): Promise<Record<string, unknown>[]> {
  return queryAll({
    IndexName: TABLE_KEYS.gsi1.name,
    KeyConditionExpression: keyId ? 'GSI1PK = :pk AND GSI1SK = :sk' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': apiKeyKeys.byOrg(orgId), ...(keyId ? { ':sk': apiKeyKeys.byOrgSk(keyId) } : {}) },
  });
}

export async function listOrgApiKeys(orgId: string): Promise<ApiKeyRecord[]> {
  return (await queryOrgKeys(orgId)).map(apiKeyFromItem);
}

/** Marks the org's key revoked; false when the org has no such active key. */
export async function revokeApiKey(orgId: string, keyId: string, at: string): Promise<boolean> {
  const [item] = await queryOrgKeys(orgId, keyId);
  if (!item) return false;
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND orgId = :org AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at, ':org': orgId },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
