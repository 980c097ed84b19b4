import { auditPut, type AuditActor } from '../audit/audit-log';
import type { ApiKeyScope } from './roles';
import { displayPrefix, generateApiKey, hashApiKey } from '../auth/api-key-secret';
import { apiKeyKeys, listOrgApiKeysPage, putApiKey, putOrgApiKey, revokeApiKey as markRevoked, type ApiKeyRecord } from '../db/api-keys';
import { ConflictError, NotFoundError } from '../errors';
import { decodeCursor, encodeCursor, type PageQuery } from '../http/pagination';
import { newId } from './ids';
import { LIMITS } from './limits';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
}

/** Who made a key: the signed-in user who created it; null for keys made outside the API (operators' service keys). */
export type KeyCreator = { type: 'user'; id: string } | null;

/** A key as `GET .../api-keys` lists it: with its creator (CONTRACT §3). */
export interface ListedApiKeyView extends ApiKeyView {
  createdBy: KeyCreator;
}

const view = (k: ApiKeyRecord): ApiKeyView => ({ id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, createdAt: k.createdAt });
const listedView = (k: ApiKeyRecord): ListedApiKeyView => ({ ...view(k), createdBy: k.createdBy ? { type: 'user', id: k.createdBy } : null });

/**
 * Creates a key and returns its secret this once; only its SHA-256 is stored. `orgId: null` makes a platform service
 * key (any org): only operators make those (`npx argus service-key create`), never an API route. An org holds at
 * most `LIMITS.activeApiKeysPerOrg` active keys (409).
 */
export async function createApiKey(input: { orgId: string | null; name: string; scopes: ApiKeyScope[]; createdBy: string | null; secret?: string; id?: string }): Promise<ApiKeyView & { key: string }> {
  const key = input.secret ?? generateApiKey();
  const record: ApiKeyRecord = {
    id: input.id ?? newId('key'),
    orgId: input.orgId,
    name: input.name,
    prefix: displayPrefix(key),
    scopes: [...new Set(input.scopes)],
    createdAt: new Date().toISOString(),
    createdBy: input.createdBy,
  };
  const orgId = record.orgId;
  if (orgId === null) await putApiKey(hashApiKey(key), record, input.secret !== undefined);
  else if (
    (await putOrgApiKey(
      hashApiKey(key),
      { ...record, orgId },
      LIMITS.activeApiKeysPerOrg,
      auditPut({
        orgId,
        action: 'api_key.created',
        actor: input.createdBy ? { type: 'user', id: input.createdBy } : { type: 'system', id: 'api-keys' },
        target: `api_key:${record.id}`,
        details: { name: record.name, prefix: record.prefix, scopes: record.scopes },
        at: new Date(record.createdAt),
      }),
    )) === 'limit'
  ) {
    throw new ConflictError(`An org has at most ${LIMITS.activeApiKeysPerOrg} active API keys; revoke one first`);
  }
  return { ...view(record), key };
}

/** One page of the org's active keys, without secrets. */
export async function listApiKeys(orgId: string, page: PageQuery): Promise<{ apiKeys: ListedApiKeyView[]; nextCursor: string | null }> {
  const result = await listOrgApiKeysPage(orgId, page.limit, decodeCursor(page.cursor, apiKeyKeys.byOrgSk('')));
  return { apiKeys: result.keys.map(listedView), nextCursor: encodeCursor(result.after) };
}

/** Revokes a key of this org; unknown, another org's or already revoked -> 404. */
export async function revokeApiKey(orgId: string, keyId: string, actor: AuditActor): Promise<void> {
  const at = new Date();
  const audit = auditPut({ orgId, action: 'api_key.revoked', actor, target: `api_key:${keyId}`, at });
  if (!(await markRevoked(orgId, keyId, at.toISOString(), audit))) throw new NotFoundError('API key not found');
}
