import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listApiKeys } from '../../shared/identity/api-keys';
import { requireOrg } from '../../shared/identity/authorize-org';

/** GET /v1/orgs/{orgId}/api-keys (admin): one page of the org's active keys, without secrets. */
export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, org }) => ({ body: await listApiKeys(requireOrg(org).orgId, query) }));
