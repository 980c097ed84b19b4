import { API_KEY_SCOPES } from './roles';
import { createApiKey } from './api-keys';

/**
 * A platform service key: orgId null (acts on any org), every scope. Operators create them with
 * `npx argus service-key create`; the local stack seeds the one from its state file (`serviceApiKey`) at start.
 * With `secret`, writing again is idempotent (same secret, same hash, same item).
 */
export async function createServiceKey(name: string, secret?: string, id?: string) {
  return createApiKey({ orgId: null, name, scopes: [...API_KEY_SCOPES], createdBy: null, secret, id });
}
