import { getApiKeyByHash } from '../db/api-keys';
import { API_KEY_PREFIX, hashApiKey } from './api-key-secret';
import type { KeyOrUserContext } from './identity';

/**
 * Resolves an `ak_…` key by the SHA-256 of its secret: unknown or revoked keys resolve to nothing. No cache here:
 * API Gateway caches the authorizer's answer for the stage's `authorizerCacheSeconds` (<= 60 s), which is the only
 * delay before a revocation bites. Values are strings because authorizer context carries only primitives.
 */
export async function resolveApiKey(key: string): Promise<KeyOrUserContext | undefined> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return undefined;
  const record = await getApiKeyByHash(hashApiKey(key));
  if (!record || record.revokedAt) return undefined;
  return { principal: 'key', keyId: record.id, ...(record.orgId ? { orgId: record.orgId } : {}), scopes: record.scopes.join(' ') };
}
