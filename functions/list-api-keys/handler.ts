import { httpHandler } from '../../shared/http/handler';
import { listApiKeys } from '../../shared/identity/api-keys';
import { requireOrg } from '../../shared/identity/authorize-org';

export const handler = httpHandler({}, async ({ org }) => ({ body: { apiKeys: await listApiKeys(requireOrg(org).orgId) } }));
